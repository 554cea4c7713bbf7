"""Unit tests of hooks/footnotes.py: call order and back-link rows."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hooks"))
import footnotes  # noqa: E402


def call(ref: str, key: str, number: int) -> str:
    return f'<sup id="{ref}:{key}"><a class="footnote-ref" href="#fn:{key}">{number}</a></sup>'


def test_adjacent_calls_are_put_in_ascending_order():
    html = "<p>One." + call("fnref", "a", 1) + "</p><p>Two." + call("fnref", "b", 2) + call("fnref2", "a", 1) \
        + call("fnref", "c", 3) + "</p>"
    out = footnotes.order_calls(html)
    assert out.index('href="#fn:a">1') < out.index('href="#fn:b">2') < out.index('href="#fn:c">3')
    # each call keeps its own id, so back-links still land on it
    assert call("fnref2", "a", 1) + call("fnref", "b", 2) + call("fnref", "c", 3) in out


def test_order_keeps_separators_between_calls():
    sep = '<sup class="cle-fn-sep">,</sup>'
    html = call("fnref", "b", 12) + sep + call("fnref", "a", 3)
    assert footnotes.order_calls(html) == call("fnref", "a", 3) + sep + call("fnref", "b", 12)


def test_calls_apart_are_left_alone():
    html = call("fnref", "b", 2) + " text " + call("fnref", "a", 1)
    assert footnotes.order_calls(html) == html


NOTE = ('<div class="footnote"><ol><li id="fn:k"><p>Source.&#160;'
        '<a class="footnote-backref" href="#fnref:k" title="Jump back to footnote 1 in the text">&#8617;</a>'
        '{more}</p></li></ol></div>')


def test_a_note_called_once_gets_one_readable_link():
    out = footnotes.backlink_rows(NOTE.format(more=""))
    assert out.count('class="footnote-backref"') == 1
    assert 'href="#fnref:k"' in out and "Back to text</a>" in out
    assert "&#8617;</a>" not in out  # no bare icon link


def test_a_note_called_three_times_gets_one_row_of_lettered_links():
    more = "".join(f'<a class="footnote-backref" href="#fnref{n}:k" title="x">&#8617;</a>' for n in (2, 3))
    out = footnotes.backlink_rows(NOTE.format(more=more))
    assert out.count('<span class="cle-backrefs">') == 1
    assert "Back to text:</span> <a" in out
    for n, (ref, letter) in enumerate([("fnref", "a"), ("fnref2", "b"), ("fnref3", "c")]):
        assert (f'<a class="footnote-backref" href="#{ref}:k" '
                f'aria-label="Back to text, citation {letter} of 3">{letter}</a>') in out
    assert out.index("Back to text") > out.index("Source.")
    assert out.endswith("</span></p></li></ol></div>")


def test_labels_go_past_z():
    assert [footnotes.label(i) for i in (0, 25, 26, 27)] == ["a", "z", "aa", "ab"]
