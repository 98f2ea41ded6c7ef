/* Keep (like) a paper: `paperbrief site serve` records it in the topic's library; a site served any other
   way cannot write, so the button shows the command that does it. */
(function () {
  "use strict";
  var b = document.getElementById("keep"), out = document.getElementById("keep-status");
  if (!b) { return; }
  b.addEventListener("click", function () {
    var cmd = "paperbrief like " + b.dataset.id + " --topic \"" + b.dataset.topicName + "\"";
    var manual = function () { out.textContent = b.dataset.manual + " " + cmd; };
    if (location.protocol !== "http:" && location.protocol !== "https:") { manual(); return; }
    fetch(b.dataset.api, {method: "POST", headers: {"Content-Type": "application/json"},
                          body: JSON.stringify({id: b.dataset.id, topic: b.dataset.topic})})
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (j) { b.textContent = b.dataset.kept; out.textContent = j.message; })
      .catch(manual);
  });
})();
