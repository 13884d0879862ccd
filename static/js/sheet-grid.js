/* Keyboard entry in an exam-rating sheet (templates/grading/sheets/detail.html).
 *
 * The grid is a table of inputs, so Tab already moves along the row. Enter moves down the column and
 * Shift+Enter up, like a spreadsheet; leaving a changed cell saves it (htmx, hx-trigger "change").
 * No dependencies, no network of its own.
 */
(function () {
  "use strict";
  var grid = document.getElementById("sheet-grid");
  if (!grid) return;

  function cellInput(td) {
    return td ? td.querySelector("input[name=value], select[name=value]") : null;
  }

  function move(from, step) {
    var td = from.closest("td");
    var tr = td.closest("tr");
    var index = Array.prototype.indexOf.call(tr.children, td);
    var row = step > 0 ? tr.nextElementSibling : tr.previousElementSibling;
    while (row) {
      var target = cellInput(row.children[index]);
      if (target) {
        target.focus();
        if (target.select) target.select();
        return true;
      }
      row = step > 0 ? row.nextElementSibling : row.previousElementSibling;
    }
    return false;
  }

  grid.addEventListener("keydown", function (event) {
    var el = event.target;
    if (event.key !== "Enter" || !el.matches("input[name=value], select[name=value]")) return;
    event.preventDefault();
    if (!move(el, event.shiftKey ? -1 : 1)) {
      // Last row: leave the cell, so its change is saved.
      el.blur();
    }
  });

  // Select the content of a cell on focus, so typing replaces it.
  grid.addEventListener("focusin", function (event) {
    var el = event.target;
    if (el.matches("input[name=value]") && el.select) el.select();
  });
})();
