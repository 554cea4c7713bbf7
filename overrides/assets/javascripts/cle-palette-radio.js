/* Material leaves every palette radio unchecked at load, so Tab lands on the
   first one, named "Switch to dark mode" even when the dark scheme is on.
   Check the radio of the palette in use, so the toggle's name says what Enter
   will do. Loaded after Material's bundle (overrides/main.html). */
document.querySelectorAll('input[name="__palette"]').forEach(function (input) {
  input.checked = input.dataset.mdColorScheme === document.body.dataset.mdColorScheme;
});
