// Static full-text search for the disclosure portal (/search/index.html?q=…): no server, no dependencies.
// It reads only the index files the query needs (search/manifest.json, per distinct key its main, middle and delta
// shard, the levels' as their positions files for terms of three or more characters; the meta pages of the results shown
// and, for such terms, the main segment's positions of those results only) and repeats the rules of SearchText.cs /
// SearchIndexReader.cs exactly; tests run both and compare.
(function () {
  'use strict';

  var HAYSTACK = 2;
  var PAGE_SIZE = 20;
  // The query service (GET /api/search, issue 19): one response instead of the index files a query reads. Where the site
  // has none (a 404: a static-only deployment), or it cannot be reached in time, the page reads the static index for the
  // rest of the visit; a refusal or "busy" falls back for that query only.
  var API_PATH = 'api/search';
  var API_TIMEOUT_MS = 4000;
  var API_OFF_KEY = 'disclosure-search-api-off';
  var SEARCHABLE = /^[\p{L}\p{N}]$/u;

  // NFKC, then lower case one code point at a time (a simple case mapping, as .NET's Rune.ToLowerInvariant).
  function normalize(text) {
    if (!text) return '';
    var out = '';
    for (var ch of String(text).normalize('NFKC')) {
      out += String.fromCodePoint(ch.toLowerCase().codePointAt(0));
    }
    return out;
  }

  // Runs of letters and digits (any script), as arrays of code points; everything else splits them.
  function runs(normalized) {
    var result = [];
    var current = [];
    for (var ch of normalized) {
      if (SEARCHABLE.test(ch)) {
        current.push(ch.codePointAt(0));
      } else if (current.length > 0) {
        result.push(current);
        current = [];
      }
    }
    if (current.length > 0) result.push(current);
    return result;
  }

  function terms(query) {
    return runs(normalize(query));
  }

  // FNV-1a (32-bit) over the UTF-16 code units of the key's characters.
  function shardOf(codePoints, shardCount) {
    var hash = 0x811c9dc5;
    for (var i = 0; i < codePoints.length; i++) {
      var units = String.fromCodePoint(codePoints[i]);
      for (var j = 0; j < units.length; j++) {
        hash ^= units.charCodeAt(j);
        hash = Math.imul(hash, 0x01000193);
      }
    }
    return (hash >>> 0) % shardCount;
  }

  var BODY = 1;
  var ATTACHMENT = 4;

  function present(hex, shard) {
    if (typeof hex !== 'string') return false;
    var pair = hex.substr((shard >> 3) * 2, 2);
    return pair.length === 2 && ((parseInt(pair, 16) >> (shard & 7)) & 1) === 1;
  }

  // An index without "present" may have every main shard.
  function shardPresent(manifest, shard) {
    return typeof manifest.present !== 'string' || present(manifest.present, shard);
  }

  function hex(n, width) {
    return ('00' + n.toString(16)).slice(-width);
  }

  function shardPath(shard) { return 'search/shards/' + hex(shard, 3) + '.bin'; }
  function positionsPath(shard, block) { return 'search/positions/' + hex(shard, 3) + '/' + block + '.bin'; }
  function deltaPath(shard) { return 'search/delta/' + hex(shard, 2) + '.bin'; }
  function middlePath(shard) { return 'search/middle/' + hex(shard, 2) + '.bin'; }
  function deltaPositionsPath(shard) { return 'search/delta-positions/' + hex(shard, 2) + '.bin'; }
  function middlePositionsPath(shard) { return 'search/middle-positions/' + hex(shard, 2) + '.bin'; }

  function readVarint(bytes, cursor) {
    var value = 0;
    var scale = 1;
    var b;
    do {
      b = bytes[cursor.at++];
      value += (b & 0x7f) * scale;
      scale *= 128;
    } while (b >= 0x80);
    return value;
  }

  function checkMagic(bytes, magic) {
    for (var i = 0; i < 4; i++) {
      if (bytes.length < 4 || bytes[i] !== magic.charCodeAt(i)) throw new Error('检索索引分片格式不正确');
    }
  }

  // Finds one key's entry in a postings or positions file (keys ascending, the first character stored as its difference
  // from the previous key's) and returns a cursor at its start with its end and, in a postings file (format 7), its
  // form, which is the low bit of its length; null when the key is not there.
  function seekKey(bytes, magic, first, second) {
    checkMagic(bytes, magic);
    var formBit = magic === 'DSI4';
    var cursor = { at: 4 };
    var count = readVarint(bytes, cursor);
    var a = 0;
    for (var i = 0; i < count; i++) {
      a += readVarint(bytes, cursor);
      var b = readVarint(bytes, cursor);
      var header = readVarint(bytes, cursor);
      var length = formBit ? Math.floor(header / 2) : header;
      if (a === first && b === second) return { cursor: cursor, end: cursor.at + length, dense: formBit && header % 2 === 1 };
      cursor.at += length;
    }
    return null;
  }

  // The postings of one key in a postings block as a Map ordinal → flags, or null when the key is not there.
  function findPostings(bytes, first, second) {
    var entry = seekKey(bytes, 'DSI4', first, second);
    if (!entry) return null;
    return entry.dense ? densePostings(bytes, entry.cursor, entry.end) : listedPostings(bytes, entry.cursor, entry.end);
  }

  // Each posting the varint of (ordinal delta << 3) | flags.
  function listedPostings(bytes, cursor, end) {
    return addListed(bytes, cursor, end, 0, new Map());
  }

  // First ordinal, a bitmap of the ordinals from it, the flags most postings have, then those whose flags differ.
  function densePostings(bytes, cursor, end) {
    var first = readVarint(bytes, cursor);
    var bitmapLength = readVarint(bytes, cursor);
    // A bitmap longer than its entry is a damaged file, not a reason to loop past the entry.
    if (bitmapLength >= end - cursor.at) throw new Error('检索索引分片格式不正确');
    var bitmapAt = cursor.at;
    cursor.at += bitmapLength;
    var common = bytes[cursor.at++];
    var postings = new Map();
    for (var i = 0; i < bitmapLength; i++) {
      var bits = bytes[bitmapAt + i];
      for (var bit = 0; bits !== 0; bit++, bits >>= 1) {
        if (bits & 1) postings.set(first + i * 8 + bit, common);
      }
    }
    return addListed(bytes, cursor, end, first, postings);
  }

  // Postings as varints of (ordinal delta << 3) | flags up to end, the first delta from ordinal, set into postings.
  function addListed(bytes, cursor, end, ordinal, postings) {
    while (cursor.at < end) {
      var v = readVarint(bytes, cursor);
      ordinal += Math.floor(v / 8);
      postings.set(ordinal, v % 8);
    }
    return postings;
  }

  function readPositionList(bytes, cursor) {
    var n = readVarint(bytes, cursor);
    if (n === 0) return null;
    var list = [];
    var previous = 0;
    for (var i = 0; i < n; i++) list.push(previous += readVarint(bytes, cursor));
    return list;
  }

  // The positions of one key as a Map ordinal → { flags, body, attachment } (arrays or null); empty when the key is not
  // there. From a main positions block ('DSP3': the postings with positions, ordinals alone) or from a delta or middle
  // level's positions file ('DSL1': every posting, each ordinal with its flags; format 7).
  function findPositions(bytes, magic, first, second) {
    var flagged = magic === 'DSL1';
    var found = new Map();
    var entry = seekKey(bytes, magic, first, second);
    var ordinal = 0;
    while (entry && entry.cursor.at < entry.end) {
      var v = readVarint(bytes, entry.cursor);
      ordinal += flagged ? Math.floor(v / 8) : v;
      var body = readPositionList(bytes, entry.cursor);
      found.set(ordinal, { flags: flagged ? v % 8 : null, body: body, attachment: readPositionList(bytes, entry.cursor) });
    }
    return found;
  }

  // The offsets of the bigrams read for a term (SearchIndexReader.CoverOffsets): every second one and the last.
  function coverOffsets(length) {
    var offsets = [];
    for (var offset = 0; offset < length - 2; offset += 2) offsets.push(offset);
    offsets.push(length - 2);
    return offsets;
  }

  // The first position p where bigram i is at p + offsets[i] for every i, or null.
  function chain(lists, offsets) {
    for (var i = 0; i < lists.length; i++) if (!lists[i]) return null;
    var rest = lists.slice(1).map(function (l) { return new Set(l); });
    for (var start of lists[0]) {
      var all = true;
      for (var j = 0; j < rest.length && all; j++) all = rest[j].has(start + offsets[j + 1] - offsets[0]);
      if (all) return start;
    }
    return null;
  }

  // A meta page (SearchMetaPage.cs): column names, the 索引号 prefix, the URL prefix and the first date once, then per
  // ordinal [title, url rest, 索引号 rest, date (days from the first) or "", column, 文号?, attachments?] or null; back
  // to the entries the results show.
  function metaEntries(page) {
    if (!page || !Array.isArray(page.e)) return [];
    var columns = page.c || [];
    var prefix = page.p || '';
    var urlPrefix = page.u || '';
    var base = typeof page.d === 'string' ? Date.parse(page.d + 'T00:00:00Z') : NaN;
    return page.e.map(function (e) {
      if (!Array.isArray(e)) return null;
      var url = urlPrefix + String(e[1]);
      var date = typeof e[3] === 'number' && !isNaN(base) ? new Date(base + e[3] * 86400000).toISOString().slice(0, 10) : e[3];
      return {
        t: e[0],
        u: url.charAt(0) === '/' ? url : '/items/' + url + '.html',
        i: prefix + e[2],
        d: date || null,
        c: columns[e[4]],
        n: e[5] || null,
        a: Array.isArray(e[6]) ? e[6].map(function (a) { return { n: a[0], s: a[1] }; }) : null,
      };
    });
  }

  function haystack(meta) {
    return normalize(meta.t) + '\n' + normalize(meta.n) + '\n' + normalize(meta.i);
  }

  function attachmentAt(meta, position) {
    var name = null;
    (meta.a || []).forEach(function (a) { if (a.s <= position) name = a.n; });
    return name;
  }

  function attachmentName(candidate, meta) {
    if (candidate.attachmentPositions.length > 0) return attachmentAt(meta, candidate.attachmentPositions[0]) || '附件';
    if (!candidate.inAttachment) return null;
    return meta.a && meta.a.length > 0 ? meta.a.map(function (a) { return a.n; }).join('、') : '附件';
  }

  // files: { bytes(path) → Promise<Uint8Array|null>, json(path) → Promise<any|null> }, paths relative to the site root.
  async function search(query, files, page, pageSize) {
    page = Math.max(page || 1, 1);
    pageSize = pageSize || PAGE_SIZE;
    var filesRead = [];
    var cache = new Map();
    function fetchOnce(path, kind) {
      if (!cache.has(path)) {
        filesRead.push(path);
        cache.set(path, kind === 'json' ? files.json(path) : files.bytes(path));
      }
      return cache.get(path);
    }
    // total counts the candidates left unverified as matches (an upper bound) unless exact.
    function result(mode, accepted, hits, unverified) {
      return { mode: mode, total: accepted.length + (unverified || 0), exact: !unverified, ordinals: accepted.map(function (a) { return a.ordinal; }), hits: hits, filesRead: filesRead };
    }

    var all = terms(query);
    if (all.length === 0) return result('Empty', [], []);
    var longTerms = all.filter(function (t) { return t.length >= 2; });
    var mode = longTerms.length > 0 ? 'FullText' : 'SingleCharacter';
    var checkedTerms = mode === 'FullText' ? longTerms : all;
    var termKeys = checkedTerms.map(function (t) {
      if (mode !== 'FullText') return [[t[0], 0]];
      var keys = [];
      coverOffsets(t.length).forEach(function (i) { keys.push([t[i], t[i + 1]]); });
      return keys;
    });

    var manifest = await fetchOnce('search/manifest.json', 'json');
    if (!manifest || manifest.format !== 7 || !(manifest.positionsBlock > 0)) return result(mode, [], []);
    var dead = new Set(manifest.dead || []);
    var middleDead = new Set(manifest.middleDead || []);
    function levelShard(parts, count, bitmap) {
      if (!(count > 0)) return null;
      var shard = shardOf(parts[1] === 0 ? [parts[0]] : parts, count);
      return present(bitmap, shard) ? shard : null;
    }

    var distinct = [];
    termKeys.forEach(function (keys) {
      keys.forEach(function (k) {
        var id = k[0] + ',' + k[1];
        if (distinct.indexOf(id) < 0) distinct.push(id);
      });
    });
    // Each key: its main shard less the tombstones, its middle shard less its own, then its delta shard; a higher
    // level wins. All fetched in parallel.
    // A key's positions per file they were read from (a main block, or a level's positions file), as promises.
    var positionsFound = new Map();
    // A query with a term of three or more characters reads the delta's and the middle level's positions files instead
    // of their postings: they hold every posting too (format 7), and it needs their positions anyway.
    var needsPositions = termKeys.some(function (keys) { return keys.length > 1; });
    // A level's postings of a key as a Map ordinal → flags, or null.
    async function levelPostings(parts, id, shard, postingsPathOf, positionsPathOf) {
      if (shard === null) return null;
      if (!needsPositions) {
        var bytes = await fetchOnce(postingsPathOf(shard), 'bytes');
        return bytes ? findPostings(bytes, parts[0], parts[1]) : null;
      }
      var path = positionsPathOf(shard);
      var found = fetchOnce(path, 'bytes').then(function (b) { return b ? findPositions(b, 'DSL1', parts[0], parts[1]) : new Map(); });
      positionsFound.set(path + '|' + id, found);
      var flags = new Map();
      (await found).forEach(function (posting, ordinal) { flags.set(ordinal, posting.flags); });
      return flags;
    }
    var lists = await Promise.all(distinct.map(async function (id) {
      var parts = id.split(',').map(Number);
      var main = shardOf(parts[1] === 0 ? [parts[0]] : parts, manifest.shards);
      var m = levelShard(parts, manifest.middleShards, manifest.middlePresent);
      var d = levelShard(parts, manifest.deltaShards, manifest.deltaPresent);
      var loaded = await Promise.all([
        shardPresent(manifest, main) ? fetchOnce(shardPath(main), 'bytes') : null,
        levelPostings(parts, id, m, middlePath, middlePositionsPath),
        levelPostings(parts, id, d, deltaPath, deltaPositionsPath),
      ]);
      var list = new Map();
      var mainPostings = loaded[0] ? findPostings(loaded[0], parts[0], parts[1]) : null;
      if (mainPostings) mainPostings.forEach(function (flags, ordinal) { if (!dead.has(ordinal)) list.set(ordinal, { flags: flags, level: 0 }); });
      if (loaded[1]) loaded[1].forEach(function (flags, ordinal) { if (!middleDead.has(ordinal)) list.set(ordinal, { flags: flags, level: 1 }); });
      if (loaded[2]) loaded[2].forEach(function (flags, ordinal) { list.set(ordinal, { flags: flags, level: 2 }); });
      return { id: id, parts: parts, main: main, middle: m, delta: d, list: list };
    }));
    var postings = new Map();
    for (var i = 0; i < lists.length; i++) {
      if (lists[i].list.size === 0) return result(mode, [], []);
      postings.set(lists[i].id, lists[i].list);
    }

    // Candidates have every key, put in the order results are shown (title hits first, then the most recently added
    // items) before any is verified, so a page verifies only as many as it shows.
    var smallest = lists.map(function (l) { return l.list; }).reduce(function (a, b) { return b.size < a.size ? b : a; });
    var candidates = [];
    smallest.forEach(function (_, ordinal) {
      for (var l of lists) if (!l.list.has(ordinal)) return;
      var inTitle = termKeys.every(function (keys) {
        return keys.every(function (k) { return (postings.get(k[0] + ',' + k[1]).get(ordinal).flags & HAYSTACK) !== 0; });
      });
      candidates.push({ ordinal: ordinal, inTitle: inTitle, inAttachment: false, attachmentPositions: [], positioned: [], meta: null, gone: false });
    });
    candidates.sort(function (a, b) { return (b.inTitle - a.inTitle) || (b.ordinal - a.ordinal); });

    var metaPages = new Map();
    async function meta(ordinal) {
      var pageNo = Math.floor(ordinal / manifest.metaPageSize);
      if (!metaPages.has(pageNo)) metaPages.set(pageNo, fetchOnce('search/meta/' + pageNo + '.json', 'json').then(metaEntries));
      var entries = await metaPages.get(pageNo);
      var index = ordinal % manifest.metaPageSize;
      return index < entries.length ? entries[index] : null;
    }

    // A key's positions for one item are in the positions file of the level its posting came from (a corrected item's
    // lower levels hold its old text): the main segment's block of that ordinal, or the level's shard.
    var byId = new Map(lists.map(function (l) { return [l.id, l]; }));
    function positionsAt(k, ordinal) {
      var l = byId.get(k[0] + ',' + k[1]);
      var posting = l.list.get(ordinal);
      // Flags say whether the item has positions for the key at all: no request that could only miss.
      if ((posting.flags & (BODY | ATTACHMENT)) === 0) return Promise.resolve(null);
      var level = posting.level;
      var path = level === 0 ? positionsPath(l.main, Math.floor(ordinal / manifest.positionsBlock))
        : level === 1 ? (l.middle === null ? null : middlePositionsPath(l.middle))
        : (l.delta === null ? null : deltaPositionsPath(l.delta));
      if (path === null) return Promise.resolve(null);
      var id = path + '|' + l.id;
      if (!positionsFound.has(id)) {
        positionsFound.set(id, fetchOnce(path, 'bytes').then(function (bytes) { return bytes ? findPositions(bytes, 'DSP3', l.parts[0], l.parts[1]) : new Map(); }));
      }
      return positionsFound.get(id).then(function (found) { return found.get(ordinal) || null; });
    }

    var wanted = page * pageSize;
    if (termKeys.every(function (keys) { return keys.length === 1; })) {
      // Every term is one key (two characters, or one in single-character mode): the postings are exact, every
      // candidate is a result and the total is exact; only the meta pages of the page shown are read.
      candidates.forEach(function (c) {
        c.inAttachment = termKeys.some(function (keys) {
          return (postings.get(keys[0][0] + ',' + keys[0][1]).get(c.ordinal).flags & (BODY | HAYSTACK)) === 0;
        });
      });
      var shownEntries = await Promise.all(candidates.slice((page - 1) * pageSize, page * pageSize).map(async function (c) { return { c: c, entry: await meta(c.ordinal) }; }));
      var shown = shownEntries.filter(function (s) { return s.entry; }).map(function (s) {
        return { ordinal: s.c.ordinal, meta: s.entry, inTitle: s.c.inTitle, attachment: attachmentName(s.c, s.entry) };
      });
      return result(mode, candidates, shown);
    }

    var accepted = [];
    var next = 0;
    while (accepted.length < wanted && next < candidates.length) {
      // As many candidates as the page still lacks: most are results, and the next round takes the shortfall.
      var batch = candidates.slice(next, next + Math.min(wanted - accepted.length, candidates.length - next));
      next += batch.length;
      // First the meta pages of the candidates whose every key of some term is in the title, 文号 or 索引号: a term
      // found there needs no positions. The others' meta pages wait until their positions confirm them, so a candidate
      // the positions reject costs no meta page.
      await Promise.all(batch.map(async function (c) {
        for (var t = 0; t < termKeys.length; t++) {
          var found = termKeys[t].map(function (k) { return postings.get(k[0] + ',' + k[1]).get(c.ordinal); });
          if (found.length === 1) {
            // One key is the whole term: exact without positions.
            if ((found[0].flags & (BODY | HAYSTACK)) === 0) c.inAttachment = true;
            continue;
          }
          if (found.every(function (p) { return (p.flags & HAYSTACK) !== 0; })) {
            if (!c.meta) c.meta = await meta(c.ordinal);
            // Withdrawn since its postings were written (a meta page is uploaded first): not shown.
            if (!c.meta) {
              c.gone = true;
              return;
            }
            if (haystack(c.meta).includes(String.fromCodePoint.apply(null, checkedTerms[t]))) continue;
          }
          c.positioned.push(t);
        }
      }));
      // ... then the positions of the terms that are in the body or an attachment text only, for those items only,
      // and the meta pages of the candidates they confirm.
      var verified = await Promise.all(batch.map(async function (c) {
        if (c.gone) return false;
        for (var t of c.positioned) {
          var found = await Promise.all(termKeys[t].map(function (k) { return positionsAt(k, c.ordinal); }));
          var offsets = coverOffsets(checkedTerms[t].length);
          if (chain(found.map(function (f) { return f ? f.body : null; }), offsets) !== null) continue;
          var inAttachment = chain(found.map(function (f) { return f ? f.attachment : null; }), offsets);
          if (inAttachment === null) return false;
          c.attachmentPositions.push(inAttachment);
        }
        if (!c.meta) c.meta = await meta(c.ordinal);
        return !!c.meta;
      }));
      batch.forEach(function (c, i) { if (verified[i]) accepted.push(c); });
    }

    var hits = accepted.slice((page - 1) * pageSize, page * pageSize).map(function (a) {
      return { ordinal: a.ordinal, meta: a.meta, inTitle: a.inTitle, attachment: attachmentName(a, a.meta) };
    });
    return result(mode, accepted, hits, candidates.length - next);
  }

  // revalidate: every file is checked with the site (HTTP cache mode "no-cache") instead of taken from the browser's cache.
  function browserFiles(siteRoot, revalidate) {
    async function get(path) {
      var response = await fetch(new URL(path, siteRoot), revalidate ? { cache: 'no-cache' } : undefined);
      if (response.status === 404) return null;
      if (!response.ok) throw new Error('HTTP ' + response.status);
      return response;
    }
    return {
      bytes: async function (path) { var r = await get(path); return r ? new Uint8Array(await r.arrayBuffer()) : null; },
      json: async function (path) { var r = await get(path); return r ? r.json() : null; },
    };
  }

  function apiOff() {
    try { return window.sessionStorage.getItem(API_OFF_KEY) === '1'; } catch (e) { return false; }
  }

  function turnApiOff() {
    try { window.sessionStorage.setItem(API_OFF_KEY, '1'); } catch (e) { /* storage disabled: ask again next time */ }
  }

  // The service's answer in the shape search() returns, or null when it is not one (the page then reads the index).
  function fromAnswer(answer) {
    var text = function (v) { return typeof v === 'string'; };
    var optional = function (v) { return v === undefined || v === null || typeof v === 'string'; };
    if (!answer || !text(answer.mode) || typeof answer.total !== 'number' || typeof answer.totalIsExact !== 'boolean' || !Array.isArray(answer.results)) return null;
    var hits = [];
    for (var i = 0; i < answer.results.length; i++) {
      var r = answer.results[i];
      if (!r || !text(r.title) || !text(r.url) || !text(r.indexNumber) || !text(r.column) || !optional(r.documentNumber) || !optional(r.publishedOn) || !optional(r.attachment)) return null;
      hits.push({ meta: { t: r.title, u: r.url, i: r.indexNumber, n: r.documentNumber || null, d: r.publishedOn || null, c: r.column }, inTitle: r.inTitle === true, attachment: r.attachment || null });
    }
    return { mode: answer.mode, total: answer.total, exact: answer.totalIsExact, hits: hits, filesRead: [API_PATH] };
  }

  async function askService(siteRoot, query, page) {
    if (apiOff() || typeof fetch !== 'function') return null;
    var controller = typeof AbortController === 'function' ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, API_TIMEOUT_MS) : null;
    try {
      var params = new URLSearchParams({ q: query });
      if (page > 1) params.set('p', String(page));
      var response = await fetch(new URL(API_PATH + '?' + params.toString(), siteRoot), { headers: { Accept: 'application/json' }, signal: controller ? controller.signal : undefined });
      if (response.status === 404) turnApiOff();
      if (!response.ok || (response.headers.get('content-type') || '').indexOf('application/json') !== 0) return null;
      return fromAnswer(await response.json());
    } catch (e) {
      turnApiOff();
      return null;
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  // Only site-relative links from the index become hrefs, never "javascript:" or another host.
  function safeHref(url) {
    return typeof url === 'string' && url.charAt(0) === '/' && url.charAt(1) !== '/' && url.charAt(1) !== '\\' ? url : '#';
  }

  function pageLink(query, page, label) {
    var params = new URLSearchParams({ q: query });
    if (page > 1) params.set('p', String(page));
    var link = document.createElement('a');
    link.href = '?' + params.toString();
    link.textContent = label;
    return link;
  }

  async function run(scriptUrl) {
    var list = document.getElementById('search-results');
    var status = document.getElementById('search-status');
    if (!list || !status) return;
    var params = new URLSearchParams(window.location.search);
    var query = (params.get('q') || '').trim();
    var page = Math.max(parseInt(params.get('p') || '1', 10) || 1, 1);
    var input = document.querySelector('input[name="q"]');
    if (input && !input.value) input.value = query;
    while (list.firstChild) list.removeChild(list.firstChild);
    if (!query) {
      status.textContent = '请输入检索词';
      return;
    }
    status.textContent = '正在检索……';
    var found;
    try {
      var siteRoot = new URL('../', scriptUrl);
      found = await askService(siteRoot, query, page);
      if (!found) {
        try {
          found = await search(query, browserFiles(siteRoot), page, PAGE_SIZE);
        } catch (e) {
          // A file the browser kept from before the index was rebuilt (a new format) no longer fits the manifest: once
          // more, with every file checked with the site.
          found = await search(query, browserFiles(siteRoot, true), page, PAGE_SIZE);
        }
      }
    } catch (e) {
      status.textContent = '检索暂时不可用，请稍后再试';
      return;
    }
    var note = found.mode === 'SingleCharacter' ? '（单字仅检索标题、文号和索引号；输入两个及以上字可检索正文）' : '';
    if (found.mode === 'Empty') {
      status.textContent = '请输入汉字、字母或数字作为检索词';
      return;
    }
    if (found.total === 0) {
      status.textContent = '未找到与“' + query + '”相关的信息' + note;
      return;
    }
    // Not every candidate is verified for one page: the total then counts the rest as matches, so it is "about".
    status.textContent = (found.exact ? '找到 ' : '找到约 ') + found.total + ' 条结果' + note;
    list.start = (page - 1) * PAGE_SIZE + 1;
    found.hits.forEach(function (hit) {
      var item = document.createElement('li');
      var link = document.createElement('a');
      link.href = safeHref(hit.meta.u);
      link.textContent = hit.meta.t;
      item.appendChild(link);
      var details = document.createElement('p');
      details.textContent = ['索引号：' + hit.meta.i, hit.meta.n ? '文号：' + hit.meta.n : '', hit.meta.d ? '发布日期：' + hit.meta.d : '', hit.meta.c]
        .filter(Boolean).join(' · ');
      item.appendChild(details);
      if (hit.attachment) {
        var inFile = document.createElement('p');
        inFile.className = 'search-attachment';
        inFile.textContent = '检索词出现在附件：' + hit.attachment;
        item.appendChild(inFile);
      }
      list.appendChild(item);
    });
    var pages = Math.ceil(found.total / PAGE_SIZE);
    if (pages > 1) {
      var nav = document.createElement('nav');
      nav.setAttribute('aria-label', '检索结果分页');
      if (page > 1) nav.appendChild(pageLink(query, page - 1, '上一页'));
      var where = document.createElement('span');
      where.textContent = ' 第 ' + page + ' 页，' + (found.exact ? '共 ' : '约 ') + pages + ' 页 ';
      nav.appendChild(where);
      if (page < pages) nav.appendChild(pageLink(query, page + 1, '下一页'));
      list.parentNode.insertBefore(nav, list.nextSibling);
    }
  }

  globalThis.DisclosureSearch = { normalize: normalize, terms: terms, shardOf: shardOf, findPostings: findPostings, search: search, browserFiles: browserFiles };

  if (typeof document !== 'undefined' && document.currentScript) {
    var scriptUrl = document.currentScript.src;
    if (document.readyState === 'loading') {
      document.addEventListener('DOMContentLoaded', function () { run(scriptUrl); });
    } else {
      run(scriptUrl);
    }
  }
})();
