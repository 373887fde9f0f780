/* scholarsite's plugin for livereload's client, served after it while previewing.
 *
 * It tells the server which build the page shows (so a build that finishes while the page is
 * still loading reloads it too), and it takes over livereload's reload: a page without scripts
 * of its own is patched in place with the new build's copy, changing only the nodes that differ.
 * A reload of a long profile page costs the browser far more than the build did: it parses and
 * lays out every abstract again, and it forgets what the reader opened and where they were.
 * Parsing the new copy whole still costs more than the build (a 1,000-paper profile is 2.5 MB
 * of HTML): when the copy differs from the old one only within a run of elements between two
 * with ids (an entry of the list of papers), only that run is parsed (patchPart). */
;(function () {
  "use strict";
  var RELOAD_SCRIPT = /\/livereload\.js(\?|$)/;
  // The build a page's HTML comes from, as the server writes it into the reload script's address.
  var GENERATION = /\/livereload\.js\?generation=(\d+)/;

  function ScholarsiteBuild(window) {
    this.window = window;
    this.running = false;
    this.again = false;
    this.text = null;  // the HTML the open page was made from, once known (unversioned)
    var self = this;
    // Without the copy (a failed fetch), the next patch parses the whole page.
    var remember = function () { self.remember().catch(function () {}); };
    if (window.document.readyState === "complete") remember();
    else window.addEventListener("load", remember);
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

  // Fetch the open page's HTML once it has loaded, keeping it if it is still that build's.
  ScholarsiteBuild.prototype.remember = async function () {
    var shown = ScholarsiteBuild.version;
    var response = await this.window.fetch(this.window.location.href, { cache: "no-store" });
    var text = response.ok ? await response.text() : "";
    var generation = GENERATION.exec(text);
    if (this.text === null && generation && generation[1] === shown &&
        shown === ScholarsiteBuild.version) {
      this.text = unversioned(text);
    }
  };

  ScholarsiteBuild.prototype.update = async function () {
    var window = this.window, document = window.document;
    var response = await window.fetch(window.location.href, { cache: "no-store" });
    var type = response.headers.get("Content-Type") || "";
    if (!response.ok || type.indexOf("text/html") !== 0 || hasOwnScripts(document)) {
      window.location.reload();  // an error or 404 page, or a page whose scripts must rerun
      return;
    }
    var text = await response.text();
    if (this.text !== null && patchPart(document, this.text, unversioned(text))) {
      this.shown(text);
      return;
    }
    var fresh = new window.DOMParser().parseFromString(text, "text/html");
    var heads = pairHeads(document.head, fresh.head);
    if (heads === null) {
      window.location.reload();  // a new stylesheet or script: only a reload applies it
      return;
    }
    heads.forEach(function (pair) { pair[0].replaceWith(document.adoptNode(pair[1])); });
    syncAttributes(document.documentElement, fresh.documentElement);
    morph(document, document.body, fresh.body);
    this.shown(text);
  };

  // The open page now shows this HTML.
  ScholarsiteBuild.prototype.shown = function (text) {
    this.text = unversioned(text);
    var generation = GENERATION.exec(text);
    if (generation) ScholarsiteBuild.version = generation[1];
  };

  // The HTML without the build's number in the reload script's address, which changes on
  // every build but is not part of the page.
  function unversioned(text) {
    return text.replace(GENERATION, "/livereload.js?generation=");
  }

  // Patch the open page when the new HTML differs from the old only between the start tags of
  // two elements with ids that are siblings in the page, and that part is well nested and
  // holds the same elements (by name and id): parse just that part and make the nodes from the
  // first element to the second (not included) equal to it. False, touching nothing, when the
  // change or the page is not like that (a paper added or moved, a change in <head>).
  function patchPart(document, old, now) {
    if (old === now) return true;
    var start = same(old, now, 0, 1, Math.min(old.length, now.length));
    var end = same(old, now, 0, -1, Math.min(old.length, now.length) - start);
    var first = idTag(now, start, -1), next = idTag(now, now.length - end, 1);
    // A part that is much of a long page is parsed as fast with the page (and twice here).
    if (first === null || next === null || next.at - first.at > Math.max(now.length / 4, 65536)) {
      return false;
    }
    if (!onlyOne(document, first.id) || !onlyOne(document, next.id)) return false;
    var from = document.getElementById(first.id), to = document.getElementById(next.id);
    var run = [];  // the nodes from `from` to its later sibling `to`, or no patch
    for (var node = from; node !== null && node !== to; node = node.nextSibling) run.push(node);
    if (node !== to) return false;
    var part = now.slice(first.at, next.at);
    var was = old.slice(first.at, next.at + old.length - now.length);
    if (!wellNested(part) || !wellNested(was)) return false;
    var before = parseFragment(document, was), fresh = parseFragment(document, part);
    if (!sameShape(run, before) || !sameShape(run, fresh)) return false;
    fresh.forEach(function (node, i) {
      if (node.nodeType === 1) morph(document, run[i], node);
      else if (!run[i].isEqualNode(node)) run[i].replaceWith(document.adoptNode(node));
    });
    return true;
  }
  ScholarsiteBuild.patchPart = patchPart;  // for the tests

  // How many characters two texts share from the start (way 1) or from the end (way -1),
  // counting from `done` up to `most`: compared a block at a time, from 64 KB down to one.
  function same(a, b, done, way, most) {
    for (var step = 65536; step >= 1; step /= 16) {
      while (done + step <= most && (way > 0 ?
          a.slice(done, done + step) === b.slice(done, done + step) :
          a.slice(a.length - done - step, a.length - done) ===
            b.slice(b.length - done - step, b.length - done))) {
        done += step;
      }
    }
    return done;
  }

  var TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
  var TAG_HERE = new RegExp(TAG.source, "y");  // a tag starting exactly at lastIndex
  var ID = /\sid="([^"&]*)"/;
  var VOID = /^(area|base|br|col|embed|hr|img|input|link|meta|source|track|wbr)$/i;

  // The nearest start tag with an id at or before `at` (way -1) or at or after it (way 1).
  function idTag(text, at, way) {
    for (var from = at; from >= 0 && from < text.length; from += way) {
      from = way < 0 ? text.lastIndexOf("<", from) : text.indexOf("<", from);
      if (from < 0) return null;
      TAG_HERE.lastIndex = from;
      var tag = TAG_HERE.exec(text);
      if (tag === null) continue;
      var id = tag[1] ? null : ID.exec(tag[3]);
      if (id !== null) return { at: from, id: id[1] };
    }
    return null;
  }

  // Whether every element opened in the HTML is closed in it, in order: then it parses the
  // same on its own as within the page. No comments or scripts, whose text is not markup.
  function wellNested(html) {
    if (/<!--|-->|<script|<style|<template/i.test(html)) return false;
    var open = [], tag;
    TAG.lastIndex = 0;
    while ((tag = TAG.exec(html)) !== null) {
      var name = tag[2].toLowerCase();
      if (VOID.test(name)) continue;
      if (!tag[1]) {
        if (/\/\s*$/.test(tag[3])) return false;  // <div/> opens a div in HTML
        open.push(name);
      } else if (open.pop() !== name) {
        return false;
      }
    }
    return open.length === 0;
  }

  // Whether exactly one element has this id: else the one found may not be the one meant.
  function onlyOne(document, id) {
    return id !== "" && document.querySelectorAll("#" + CSS.escape(id)).length === 1;
  }

  function parseFragment(document, html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    return Array.prototype.slice.call(template.content.childNodes);
  }

  // Whether two lists of nodes pair up: same kinds, elements with the same names and ids.
  function sameShape(nodes, others) {
    return nodes.length === others.length && nodes.every(function (node, i) {
      var other = others[i];
      return node.nodeType === other.nodeType && (node.nodeType !== 1 ||
        (node.tagName === other.tagName && node.id === other.id));
    });
  }

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
