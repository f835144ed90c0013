// Interview Coach recorder: native MediaRecorder, pieces uploaded over HTTP while the candidate speaks.
//
// - webm/opus in Chromium and Firefox, mp4 in Safari (whatever MediaRecorder supports, checked in order);
// - a piece every PIECE_MS is uploaded in order with retries; the server says how many it holds, so an
//   interrupted upload resumes where it stopped; pieces also wait in IndexedDB until the server has them,
//   so closing the tab or losing the network loses nothing that was recorded;
// - a live level meter, the elapsed time, playback after stopping, and silence detection for the
//   hands-free (spoken interviewer) mode, where questions are read aloud with speech synthesis.
// The page talks to this file through window.icRecorder; this file tells the page what happened by
// queueing events and clicking the hidden #rec-bridge button (the page then calls icRecorder.take()).
(function () {
  "use strict";
  const PIECE_MS = 3000;
  const API = "/api/v1/recordings";
  const DB_NAME = "ic-recordings";

  let rec = null; // current MediaRecorder
  let stream = null;
  let audioCtx = null;
  let meterFrame = 0;
  let clockTimer = 0;
  let opts = {};
  let blobs = []; // every piece of this take, for playback
  let queue = []; // {seq, blob} not yet acknowledged
  let sent = 0; // pieces the server holds
  let nextSeq = 0;
  let startedAt = 0;
  let pumping = null; // the running upload loop, so every caller can wait for the same one
  let stopping = null;
  let events = [];
  let heardVoice = false;
  let quietSince = 0;
  let state = "idle";

  function token() {
    return window.localStorage.getItem("ic_session") || "";
  }

  function emit(type, extra) {
    events.push(Object.assign({ type: type, state: state, pieces: sent, seconds: elapsed() }, extra || {}));
    const bridge = document.getElementById("rec-bridge");
    if (bridge) bridge.click();
  }

  function setState(next, extra) {
    state = next;
    emit("state", extra);
  }

  function elapsed() {
    return startedAt ? Math.round((Date.now() - startedAt) / 100) / 10 : 0;
  }

  function $(id) {
    return document.getElementById(id);
  }

  function fmt(seconds) {
    const s = Math.max(0, Math.floor(seconds));
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }

  // ---- IndexedDB: pieces wait here until the server has them -------------------------------------
  function idb() {
    return new Promise(function (resolve) {
      if (!window.indexedDB) return resolve(null);
      const req = window.indexedDB.open(DB_NAME, 1);
      req.onupgradeneeded = function () {
        req.result.createObjectStore("pieces");
      };
      req.onsuccess = function () {
        resolve(req.result);
      };
      req.onerror = function () {
        resolve(null);
      };
    });
  }

  async function idbDo(mode, fn) {
    const db = await idb();
    if (!db) return null;
    return new Promise(function (resolve) {
      const tx = db.transaction("pieces", mode);
      const store = tx.objectStore("pieces");
      const out = fn(store);
      tx.oncomplete = function () {
        resolve(out && "result" in out ? out.result : null);
      };
      tx.onerror = function () {
        resolve(null);
      };
    });
  }

  function keep(sqId, seq, blob) {
    return idbDo("readwrite", function (s) {
      return s.put({ blob: blob, type: blob.type }, sqId + ":" + seq);
    });
  }

  function forget(sqId, below) {
    return idbDo("readwrite", function (s) {
      const range = IDBKeyRange.bound(sqId + ":", sqId + ":\uffff");
      const req = s.openCursor(range);
      req.onsuccess = function () {
        const cur = req.result;
        if (!cur) return;
        const seq = parseInt(String(cur.key).split(":")[1], 10);
        if (below === undefined || seq < below) cur.delete();
        cur.continue();
      };
      return null;
    });
  }

  function keptPieces(sqId) {
    return new Promise(async function (resolve) {
      const db = await idb();
      if (!db) return resolve([]);
      const found = [];
      const tx = db.transaction("pieces", "readonly");
      const req = tx.objectStore("pieces").openCursor(IDBKeyRange.bound(sqId + ":", sqId + ":\uffff"));
      req.onsuccess = function () {
        const cur = req.result;
        if (!cur) return;
        found.push({ seq: parseInt(String(cur.key).split(":")[1], 10), blob: cur.value.blob });
        cur.continue();
      };
      tx.oncomplete = function () {
        found.sort(function (a, b) {
          return a.seq - b.seq;
        });
        resolve(found);
      };
      tx.onerror = function () {
        resolve([]);
      };
    });
  }

  // ---- Upload -------------------------------------------------------------------------------------
  async function request(method, path, body, type) {
    const headers = { Authorization: "Bearer " + token() };
    if (type) headers["Content-Type"] = type;
    const res = await fetch(API + path, { method: method, headers: headers, body: body });
    let data = {};
    try {
      data = await res.json();
    } catch (e) {
      data = {};
    }
    return { status: res.status, data: data, error: refusalOf(data) };
  }

  // A refusal's body is {"error": {"code", "message", "request_id", "details"}} (docs/api.md).
  function refusalOf(data) {
    const error = data && typeof data.error === "object" && data.error ? data.error : {};
    return { code: error.code || "", message: error.message || "", details: error.details || {} };
  }

  // Send queued pieces in order; callers share one running loop and all wait until it has drained.
  function pump() {
    if (!pumping) {
      pumping = drain().finally(function () {
        pumping = null;
      });
    }
    return pumping;
  }

  async function drain() {
    let delay = 500;
    while (queue.length) {
      const item = queue[0];
      if (item.seq < sent) {
        queue.shift();
        continue;
      }
      let res;
      try {
        const path = "/" + opts.sqId + "/pieces/" + item.seq + (item.last ? "?last=1" : "");
        res = await request("PUT", path, item.blob, "application/octet-stream");
      } catch (e) {
        res = { status: 0, data: {} };
      }
      if (res.status === 200) {
        sent = res.data.received;
        queue.shift();
        forget(opts.sqId, sent);
        delay = 500;
        // The recorded time at the end of this piece (unknown for pieces resumed after a reload).
        const held = Math.max(res.data.seconds || 0, item.at || 0);
        showUpload(held);
        if (state === "recording") showBehind(held - (res.data.transcribed_seconds || 0));
        continue;
      }
      if (res.status === 409 && res.error.code === "out_of_order") {
        sent = res.error.details.received || 0;
        queue = queue.filter(function (q) {
          return q.seq >= sent;
        });
        if (queue.length && queue[0].seq > sent) {
          fail("out_of_order", res.error.message);
          return;
        }
        continue;
      }
      if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) {
        fail(res.error.code || "upload", res.error.message || "The recording could not be saved.");
        return;
      }
      // Network down or server busy: keep the piece and try again, a little later each time.
      showUpload(null, true);
      await new Promise(function (r) {
        setTimeout(r, delay);
      });
      delay = Math.min(delay * 2, 8000);
    }
  }

  // How far the transcription lags behind the audio the server holds, from each piece's answer (no polling).
  function showBehind(seconds) {
    const el = $("rec-behind");
    if (!el) return;
    const n = Math.round(seconds || 0);
    const from = Number(el.getAttribute("data-from")) || 1;
    el.textContent = n >= from ? String(el.getAttribute("data-template") || "").replace("{n}", String(n)) : "";
  }

  function showUpload(seconds, retrying) {
    const el = $("rec-upload");
    if (!el) return;
    if (retrying) {
      el.textContent = "Connection lost: your recording is kept on this device and will be sent when it is back.";
      el.setAttribute("data-retrying", "1");
    } else {
      el.textContent = "Saved on the server: " + fmt(seconds || 0);
      el.removeAttribute("data-retrying");
    }
  }

  // The recorder lives on the interview page only: once its panel is gone (the candidate ended the
  // interview or followed a link; the app changes pages without reloading), nothing may keep recording.
  function onRunPage() {
    return Boolean($("run-recorder"));
  }

  function release() {
    if (window.speechSynthesis) window.speechSynthesis.cancel();
    window.clearInterval(clockTimer);
    if (rec && rec.state !== "inactive") {
      rec.stop(); // onstop stops the tracks; uploaded pieces stay on the server until it drops them
    } else if (stream) {
      stream.getTracks().forEach(function (t) {
        t.stop();
      });
    }
    stopMeter();
    state = "idle";
  }

  function fail(code, message) {
    setState("error", { error: code, message: message });
  }

  // ---- Level meter and silence --------------------------------------------------------------------
  function startMeter() {
    try {
      const Ctx = window.AudioContext || window.webkitAudioContext;
      audioCtx = new Ctx();
      const source = audioCtx.createMediaStreamSource(stream);
      const analyser = audioCtx.createAnalyser();
      analyser.fftSize = 1024;
      source.connect(analyser);
      const data = new Float32Array(analyser.fftSize);
      heardVoice = false;
      quietSince = Date.now();
      const tick = function () {
        analyser.getFloatTimeDomainData(data);
        let sum = 0;
        for (let i = 0; i < data.length; i++) sum += data[i] * data[i];
        const rms = Math.sqrt(sum / data.length);
        const level = Math.min(1, rms * 8);
        const bar = $("rec-level-bar");
        if (bar) bar.style.width = Math.round(level * 100) + "%";
        const meter = $("rec-level");
        if (meter) meter.setAttribute("aria-valuenow", String(Math.round(level * 100)));
        if (rms > 0.02) {
          heardVoice = true;
          quietSince = Date.now();
        }
        if (opts.handsFree && heardVoice && state === "recording" && Date.now() - quietSince > opts.silenceMs) {
          window.icRecorder.stop(true);
          return;
        }
        meterFrame = window.requestAnimationFrame(tick);
      };
      tick();
    } catch (e) {
      // No Web Audio: recording still works, only the meter stays still.
    }
  }

  function stopMeter() {
    if (meterFrame) window.cancelAnimationFrame(meterFrame);
    meterFrame = 0;
    if (audioCtx) audioCtx.close();
    audioCtx = null;
    const bar = $("rec-level-bar");
    if (bar) bar.style.width = "0%";
  }

  function pickType(video) {
    const options = video
      ? ["video/webm;codecs=vp8,opus", "video/webm", "video/mp4"]
      : ["audio/webm;codecs=opus", "audio/webm", "audio/mp4", "audio/ogg;codecs=opus"];
    if (!window.MediaRecorder || !MediaRecorder.isTypeSupported) return "";
    for (let i = 0; i < options.length; i++) if (MediaRecorder.isTypeSupported(options[i])) return options[i];
    return "";
  }

  function permissionHelp(err, video) {
    const name = err && err.name;
    if (name === "NotAllowedError" || name === "SecurityError")
      return video
        ? "The browser blocked the camera or microphone. Allow both for this site (the icon in the address bar), then press Record again."
        : "The browser blocked the microphone. Allow it for this site (the icon in the address bar), then press Record again.";
    if (name === "NotFoundError" || name === "OverconstrainedError")
      return "No microphone was found. Plug one in or choose another input in your system settings.";
    if (name === "NotReadableError")
      return "The microphone is in use by another program. Close it and press Record again.";
    return "Recording could not start (" + (name || "unknown error") + ").";
  }

  async function openStream(video) {
    const audio = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };
    if (video) {
      try {
        return { stream: await navigator.mediaDevices.getUserMedia({ audio: audio, video: { width: 640, height: 480 } }), video: true };
      } catch (err) {
        if (err && (err.name === "NotFoundError" || err.name === "OverconstrainedError" || err.name === "NotReadableError")) {
          // Camera optional: answer with voice only.
          return { stream: await navigator.mediaDevices.getUserMedia({ audio: audio }), video: false, noCamera: true };
        }
        throw err;
      }
    }
    return { stream: await navigator.mediaDevices.getUserMedia({ audio: audio }), video: false };
  }

  function preview(show) {
    const el = $("rec-preview");
    if (!el) return;
    if (show && stream) {
      el.srcObject = stream;
      el.muted = true;
      el.play && el.play().catch(function () {});
      el.style.display = "block";
    } else {
      el.srcObject = null;
      el.style.display = "none";
    }
  }

  function showPlayback() {
    const isVideo = blobs.length && String(blobs[0].type).indexOf("video") === 0;
    const audio = $("rec-playback");
    const video = $("rec-playback-video");
    const url = blobs.length ? URL.createObjectURL(new Blob(blobs, { type: blobs[0].type })) : "";
    if (audio) {
      audio.src = isVideo ? "" : url;
      audio.style.display = url && !isVideo ? "block" : "none";
    }
    if (video) {
      video.src = isVideo ? url : "";
      video.style.display = url && isVideo ? "block" : "none";
    }
  }

  function clearPlayback() {
    ["rec-playback", "rec-playback-video"].forEach(function (id) {
      const el = $(id);
      if (el) {
        el.removeAttribute("src");
        el.style.display = "none";
      }
    });
  }

  async function handIn() {
    if (rec && rec.state !== "inactive") await window.icRecorder.stop(false);
    setState("sending");
    for (let round = 0; round < 6; round++) {
      await pump();
      if (queue.length) {
        await new Promise(function (r) {
          setTimeout(r, 1000 * (round + 1));
        });
        continue;
      }
      const res = await request("POST", "/" + opts.sqId + "/finish", JSON.stringify({ pieces: nextSeq }), "application/json").catch(function () {
        return { status: 0, data: {} };
      });
      if (res.status === 200) {
        forget(opts.sqId);
        setState("sent");
        return { ok: true };
      }
      if (res.status === 409 && res.error.code === "missing_pieces") {
        sent = res.error.details.received || 0;
        queue = blobs
          .map(function (b, i) {
            return { seq: i, blob: b, last: i === blobs.length - 1 };
          })
          .filter(function (q) {
            return q.seq >= sent;
          });
        continue;
      }
      // A limit of the product (answers per minute): waiting here would hide why; the page says when to send.
      const refusal = res.data && typeof res.data.error === "object" && res.data.error ? res.data.error : { code: res.data && res.data.error, message: res.data && res.data.message };
      if (res.status === 429 && String(refusal.code || "").indexOf("limit.") === 0) {
        setState("stopped");
        return { ok: false, error: refusal.code, message: refusal.message };
      }
      if (res.status && res.status !== 429) {
        setState("stopped");
        return { ok: false, error: res.error.code, message: res.error.message };
      }
      await new Promise(function (r) {
        setTimeout(r, 1000 * (round + 1));
      });
    }
    setState("stopped");
    return { ok: false, error: "offline", message: "The server cannot be reached. Your recording is kept; try again in a moment." };
  }

  window.icRecorder = {
    // Start recording the answer to session question opts.sqId.
    start: async function (o) {
      if (state === "recording" || state === "starting") return;
      opts = Object.assign({ mode: "audio", handsFree: false, silenceMs: 4000, maxSeconds: 900 }, o || {});
      if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || !window.MediaRecorder) {
        fail("unsupported", "This browser cannot record audio. Use a current Chrome, Edge, Firefox or Safari, or answer in writing.");
        return;
      }
      setState("starting");
      let opened;
      try {
        opened = await openStream(opts.mode === "video");
      } catch (err) {
        setState("denied", { message: permissionHelp(err, opts.mode === "video") });
        return;
      }
      stream = opened.stream;
      if (!onRunPage()) {
        // The candidate left the page while the browser was asking for the microphone.
        stream.getTracks().forEach(function (t) {
          t.stop();
        });
        stream = null;
        setState("idle");
        return;
      }
      const type = pickType(opened.video);
      try {
        rec = new MediaRecorder(stream, type ? { mimeType: type, audioBitsPerSecond: 32000, videoBitsPerSecond: 600000 } : {});
      } catch (err) {
        stream.getTracks().forEach(function (t) {
          t.stop();
        });
        fail("unsupported", "Recording could not start in this browser (" + (err && err.name) + ").");
        return;
      }
      blobs = [];
      queue = [];
      sent = 0;
      nextSeq = 0;
      clearPlayback();
      // Pieces of an earlier take of this question the server still holds are discarded first.
      try {
        await request("DELETE", "/" + opts.sqId);
      } catch (e) {}
      forget(opts.sqId);
      rec.ondataavailable = function (ev) {
        if (!ev.data || !ev.data.size) return;
        const seq = nextSeq++;
        blobs.push(ev.data);
        // The piece that follows stop() is the last: the server then transcribes the rest at once, so the
        // feedback is nearly ready when the candidate hands the answer in.
        queue.push({ seq: seq, blob: ev.data, last: ev.target.state === "inactive", at: elapsed() });
        keep(opts.sqId, seq, ev.data);
        pump();
      };
      rec.onstop = function () {
        stream.getTracks().forEach(function (t) {
          t.stop();
        });
        preview(false);
        stopMeter();
        window.clearInterval(clockTimer);
        showPlayback();
        if (stopping) stopping();
      };
      rec.start(PIECE_MS);
      startedAt = Date.now();
      preview(opened.video);
      startMeter();
      const clock = $("rec-elapsed");
      clockTimer = window.setInterval(function () {
        if (!onRunPage()) return release();
        if (clock) clock.textContent = fmt(elapsed());
        if (elapsed() >= opts.maxSeconds) window.icRecorder.stop(opts.handsFree);
      }, 250);
      setState("recording", opened.noCamera ? { message: "No camera was found, so this answer is recorded as voice only." } : {});
    },

    // Stop recording; with submit=true hand the answer in as soon as every piece is on the server.
    stop: function (submit) {
      if (!rec || rec.state === "inactive") return Promise.resolve();
      const done = new Promise(function (resolve) {
        stopping = resolve;
      });
      rec.stop();
      return done.then(function () {
        stopping = null;
        showBehind(0); // the rest is transcribed at once; the hand-in shows the server's progress
        setState("stopped", { seconds: elapsed() });
        if (submit) return window.icRecorder.submit();
      });
    },

    // Wait for the upload, then ask the server to finish the transcript and score the answer; the page
    // hears the outcome as a "submitted" event.
    submit: async function () {
      const result = await handIn();
      emit("submitted", result);
      return result;
    },

    // Throw this take away (before handing it in) to record again.
    discard: async function (sqId) {
      if (rec && rec.state !== "inactive") await window.icRecorder.stop(false);
      const id = sqId || opts.sqId;
      blobs = [];
      queue = [];
      sent = 0;
      nextSeq = 0;
      startedAt = 0;
      clearPlayback();
      showBehind(0);
      const clock = $("rec-elapsed");
      if (clock) clock.textContent = "0:00";
      if (id) {
        forget(id);
        await request("DELETE", "/" + id).catch(function () {});
      }
      setState("idle");
      return true;
    },

    // After a reload: send pieces kept on this device that the server does not have yet.
    resume: async function (sqId, mode) {
      opts = Object.assign({ mode: mode || "audio", handsFree: false, silenceMs: 4000, maxSeconds: 900 }, { sqId: sqId });
      const kept = await keptPieces(sqId);
      let held = 0;
      try {
        held = (await request("GET", "/" + sqId)).data.received || 0;
      } catch (e) {}
      sent = held;
      blobs = kept.map(function (k) {
        return k.blob;
      });
      nextSeq = Math.max(held, kept.length ? kept[kept.length - 1].seq + 1 : 0);
      queue = kept.filter(function (k) {
        return k.seq >= held;
      });
      if (blobs.length && kept[0].seq === 0) showPlayback();
      if (queue.length) await pump();
      return { held: held, resumed: queue.length, pieces: nextSeq };
    },

    // Read text aloud (spoken interviewer); resolves when done, or after an estimate if no voice exists.
    speak: function (text) {
      return new Promise(function (resolve) {
        const words = String(text || "").split(/\s+/).length;
        const fallback = setTimeout(resolve, Math.min(30000, 1500 + words * 380));
        if (!window.speechSynthesis || !window.SpeechSynthesisUtterance) return;
        try {
          window.speechSynthesis.cancel();
          const u = new SpeechSynthesisUtterance(text);
          u.lang = "en-US";
          u.rate = 1;
          u.onend = function () {
            clearTimeout(fallback);
            resolve();
          };
          u.onerror = function () {
            clearTimeout(fallback);
            resolve();
          };
          window.speechSynthesis.speak(u);
        } catch (e) {
          clearTimeout(fallback);
          resolve();
        }
      });
    },

    // Hands-free: read the question aloud, then record until a long silence, then hand it in.
    askAndRecord: async function (o) {
      setState("speaking");
      await window.icRecorder.speak(o.text);
      if (state !== "speaking" || !onRunPage()) return; // the candidate took over (stopped, paused or left)
      await window.icRecorder.start(Object.assign({}, o, { handsFree: true }));
    },

    // A new question: forget the last take on this page (it is on the server already).
    reset: function () {
      blobs = [];
      queue = [];
      sent = 0;
      nextSeq = 0;
      startedAt = 0;
      clearPlayback();
      showBehind(0);
      const clock = $("rec-elapsed");
      if (clock) clock.textContent = "0:00";
      state = "idle";
    },

    cancelSpeech: function () {
      if (window.speechSynthesis) window.speechSynthesis.cancel();
      if (state === "speaking") setState("idle");
    },

    // Events for the page since the last call.
    take: function () {
      const out = events;
      events = [];
      return out;
    },

    state: function () {
      return state;
    },
  };
})();
