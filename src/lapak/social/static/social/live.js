// A live's page, listening to its Server-Sent Events (/live/<id>/events): chat, hides, gaps, pins, viewers,
// status. Each (re)connection starts with the current state, viewer count and recent hides, so a hide made
// while the page was disconnected still removes the message.
// Every text from the server is set with textContent, never as HTML. Without this script the page still
// works: the chat form posts and the page reloads.
(function () {
  "use strict";

  function byId(id) { return document.getElementById(id); }

  function pinCard(pin, voucherCode, voucherLabel) {
    var li = document.createElement("li");
    li.className = "product-card live-pin";
    li.id = "pin-" + pin.product_id;
    var a = document.createElement("a");
    a.className = "product-card__link";
    a.href = pin.url;
    a.rel = "nofollow";
    if (pin.image_url) {
      var img = document.createElement("img");
      img.className = "product-card__image";
      img.src = pin.image_url;
      img.alt = "";
      img.width = 96;
      img.height = 96;
      a.appendChild(img);
    }
    [["product-card__title", pin.title], ["product-card__price", pin.price],
     ["product-card__seller", pin.seller_name]].forEach(function (part) {
      var span = document.createElement("span");
      span.className = part[0];
      span.textContent = part[1];
      a.appendChild(span);
    });
    li.appendChild(a);
    if (voucherCode) {
      var p = document.createElement("p");
      p.className = "live-pin__voucher";
      p.textContent = voucherLabel + ": ";
      var code = document.createElement("code");
      code.textContent = voucherCode;
      p.appendChild(code);
      li.appendChild(p);
    }
    return li;
  }

  function start() {
    var root = document.querySelector("[data-live-stream]");
    if (!root || !window.EventSource) { return; }
    var labels = {};
    var labelsNode = byId("live-status-labels");
    if (labelsNode) { labels = JSON.parse(labelsNode.textContent); }
    var pins = byId("pins");
    var chat = byId("chat-list");
    var voucher = "";
    var voucherNode = byId("live-voucher");
    if (voucherNode) { voucher = voucherNode.querySelector("code").textContent; }

    function renderPins(list) {
      if (!pins || !("livePins" in pins.dataset)) { return; }
      while (pins.firstChild) { pins.removeChild(pins.firstChild); }
      list.forEach(function (pin) { pins.appendChild(pinCard(pin, voucher, pins.dataset.voucherLabel || "")); });
    }

    function addMessage(m) {
      if (!chat || byId("chat-" + m.id)) { return; }
      var li = document.createElement("li");
      li.className = "live-chat__message";
      li.id = "chat-" + m.id;
      var who = document.createElement("strong");
      who.className = "live-chat__author";
      who.textContent = m.author;
      var body = document.createElement("span");
      body.className = "live-chat__body";
      body.textContent = m.body;
      li.appendChild(who);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(body);
      var atBottom = chat.scrollHeight - chat.scrollTop - chat.clientHeight < 40;
      chat.appendChild(li);
      while (chat.children.length > 300) { chat.removeChild(chat.firstChild); }
      if (atBottom) { chat.scrollTop = chat.scrollHeight; }
    }

    var source = new EventSource(root.dataset.liveStream);
    source.addEventListener("chat", function (e) { addMessage(JSON.parse(e.data)); });
    source.addEventListener("hide", function (e) {
      var node = byId("chat-" + JSON.parse(e.data).id);
      if (node) { node.remove(); }
    });
    // A reconnect that missed too many messages is sent only the newest: say that older ones were skipped.
    source.addEventListener("gap", function () {
      if (!chat || byId("chat-gap")) { return; }
      var li = document.createElement("li");
      li.className = "live-chat__gap";
      li.id = "chat-gap";
      li.textContent = chat.dataset.gapLabel || "\u22ef";
      chat.appendChild(li);
    });
    source.addEventListener("pin", function (e) { renderPins(JSON.parse(e.data).pinned); });
    source.addEventListener("unpin", function (e) { renderPins(JSON.parse(e.data).pinned); });
    source.addEventListener("viewers", function (e) {
      var node = byId("viewer-count");
      if (node) { node.textContent = JSON.parse(e.data).count; }
    });
    source.addEventListener("status", function (e) {
      var state = JSON.parse(e.data);
      voucher = state.voucher_code || "";
      renderPins(state.pinned);
      var badge = byId("live-status");
      if (badge && badge.dataset.status !== state.status) {
        badge.textContent = labels[state.status] || state.status;
        badge.dataset.status = state.status;
        if (state.status === "live") { window.location.reload(); }  // the video and the chat form appear
      }
      if (["ended", "cancelled", "suspended"].indexOf(state.status) >= 0) {
        source.close();
        var over = byId("live-over");
        if (over) { over.hidden = false; }
      }
    });

    var video = byId("live-video");
    if (video && !video.canPlayType("application/vnd.apple.mpegurl")) {
      var note = byId("live-video-note");
      if (note) { note.hidden = false; }
    }

    var form = byId("chat-form");
    if (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var error = byId("chat-error");
        fetch(form.action, {method: "POST", body: new FormData(form), credentials: "same-origin",
                            headers: {"X-Requested-With": "fetch"}})
          .then(function (response) {
            if (response.status === 204) {
              form.reset();
              if (error) { error.hidden = true; }
              return null;
            }
            return response.text().then(function (text) {
              if (error) { error.textContent = text; error.hidden = false; }
            });
          });
      });
    }
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
