/* scholarsite's plugin for livereload's client, served after it while previewing.
 *
 * It tells the server which build the page shows (so a build that finishes while the page is
 * still loading reloads it too), and it takes over livereload's reload: a page without scripts
 * of its own is patched in place with the new build's copy, changing only the nodes that differ.
 * A reload of a long profile page costs the browser far more than the build did: it parses and
 * lays out every abstract again, and it forgets what the reader opened and where they were. */
;(function () {
  "use strict";
  var RELOAD_SCRIPT = /\/livereload\.js(\?|$)/;
  var GENERATION = /[?&]generation=(\d+)/;

  function ScholarsiteBuild(window) {
    this.window = window;
    this.running = false;
    this.again = false;
  }
  ScholarsiteBuild.identifier = "scholarsite";
  ScholarsiteBuild.version = "__GENERATION__";

  // livereload calls this for every reload command; true means the plugin has handled it.
  ScholarsiteBuild.prototype.reload = function () {
    if (this.running) {
      this.again = true;  // fetch once more after this patch: it may predate the newest build
      return true;
    }
    this.running = true;
    var self = this;
    this.update().catch(function () {
      self.window.location.reload();
    }).then(function () {
      self.running = false;
      if (self.again) {
        self.again = false;
        self.reload();
      }
    });
    return true;
  };

  ScholarsiteBuild.prototype.update = async function () {
    var window = this.window, document = window.document;
    var response = await window.fetch(window.location.href, { cache: "no-store" });
    var type = response.headers.get("Content-Type") || "";
    if (!response.ok || type.indexOf("text/html") !== 0 || hasOwnScripts(document)) {
      window.location.reload();  // an error or 404 page, or a page whose scripts must rerun
      return;
    }
    var fresh = new window.DOMParser().parseFromString(await response.text(), "text/html");
    var heads = pairHeads(document.head, fresh.head);
    if (heads === null) {
      window.location.reload();  // a new stylesheet or script: only a reload applies it
      return;
    }
    heads.forEach(function (pair) { pair[0].replaceWith(document.adoptNode(pair[1])); });
    syncAttributes(document.documentElement, fresh.documentElement);
    morph(document, document.body, fresh.body);
    var generation = GENERATION.exec(reloadScriptSource(fresh));
    if (generation) ScholarsiteBuild.version = generation[1];
  };

  function isReloadScript(node) {
    return node.tagName === "SCRIPT" && RELOAD_SCRIPT.test(node.getAttribute("src") || "");
  }

  function isData(node) {
    return node.tagName === "SCRIPT" && node.type === "application/ld+json";
  }

  function hasOwnScripts(document) {
    return Array.prototype.some.call(document.scripts, function (script) {
      return !isReloadScript(script) && !isData(script);
    });
  }

  function reloadScriptSource(document) {
    var script = Array.prototype.find.call(document.scripts, isReloadScript);
    return script ? script.getAttribute("src") : "";
  }

  // The head elements to replace, as [old, new] pairs, or null when only a reload will do.
  function pairHeads(head, fresh) {
    var old = Array.prototype.filter.call(head.children, keepInHead);
    var now = Array.prototype.filter.call(fresh.children, keepInHead);
    if (old.length !== now.length) return null;
    var pairs = [];
    for (var i = 0; i < old.length; i++) {
      if (old[i].isEqualNode(now[i])) continue;
      var inert = old[i].tagName === now[i].tagName &&
        (old[i].tagName === "TITLE" || old[i].tagName === "META" || isData(old[i]));
      if (!inert) return null;
      pairs.push([old[i], now[i]]);
    }
    return pairs;
  }

  function keepInHead(node) {
    return !isReloadScript(node);
  }

  // Make `node` (in the open document) equal to `fresh`, touching only what differs, so the
  // browser lays out only the changed part of the page again.
  function morph(document, node, fresh) {
    syncAttributes(node, fresh);
    var old = node.childNodes, now = Array.prototype.slice.call(fresh.childNodes);
    if (old.length !== now.length) {
      node.replaceChildren.apply(node, now.map(function (child) {
        return document.adoptNode(child);
      }));
      return;
    }
    for (var i = 0; i < now.length; i++) {
      var a = old[i], b = now[i];
      if (a.isEqualNode(b)) continue;
      if (a.nodeType === 1 && b.nodeType === 1 && a.tagName === b.tagName) {
        morph(document, a, b);
      } else if (a.nodeType === 3 && b.nodeType === 3) {
        a.data = b.data;
      } else {
        a.replaceWith(document.adoptNode(b));
      }
    }
  }

  function syncAttributes(node, fresh) {
    var keepOpen = node.tagName === "DETAILS";  // what the reader opened stays open
    Array.prototype.slice.call(node.attributes).forEach(function (attribute) {
      if (!fresh.hasAttribute(attribute.name) && !(keepOpen && attribute.name === "open")) {
        node.removeAttribute(attribute.name);
      }
    });
    Array.prototype.forEach.call(fresh.attributes, function (attribute) {
      if (node.getAttribute(attribute.name) !== attribute.value) {
        node.setAttribute(attribute.name, attribute.value);
      }
    });
  }

  if (window.LiveReload) window.LiveReload.addPlugin(ScholarsiteBuild);
})();
