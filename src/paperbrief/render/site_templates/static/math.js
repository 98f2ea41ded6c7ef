/* Math in titles and abstracts ($…$, $$…$$, \(…\)) rendered by the KaTeX shipped inside the site
   (static/katex/); elements with class "tex" only. Errors leave the source text as it was. */
(function () {
  "use strict";
  var options = {
    delimiters: [{left: "$$", right: "$$", display: true}, {left: "$", right: "$", display: false},
                 {left: "\\(", right: "\\)", display: false}],
    throwOnError: false, strict: "ignore", trust: false, errorCallback: function () {}
  };
  window.PB_MATH = function (scope) {
    if (!window.renderMathInElement) { return; }
    var els = (scope || document).querySelectorAll(".tex");
    for (var i = 0; i < els.length; i++) { window.renderMathInElement(els[i], options); }
  };
  window.PB_MATH(document);
})();
