"""A growing recording decoded piece by piece: only the audio that is new, cut at container boundaries.

The browser's recorder appends WebM (Chrome, Edge) or Ogg (Firefox) to one file. Decoding the whole file
again after every piece costs more with every piece; instead the recording is walked element by element
(WebM: EBML elements; Ogg: pages) from where the last step stopped, and only the complete blocks (pages)
since then are decoded, behind a copy of the file's header (the track description) so that PyAV can open
them as a file of their own. The walk's position, the header and the open cluster's timecode are kept
between steps (`Cursor`), so the work per step depends on the new audio only, not on the answer's length.

Why cut at container boundaries rather than keep a decoder open: the steps run in whichever job worker
(thread or process) is free, and a PyAV demuxer cannot be resumed across them, while a cursor of a few
hundred bytes can be stored beside the recording. Each step opens a fresh Opus decoder; the few
milliseconds of its warm-up do not change what Whisper hears.

WAV is walked too: its header (the `fmt ` chunk) is kept, and each step decodes the whole sample frames
that are new, behind a copy of it. MP4 (Safari) and MP3 have no such walk here: `Cursor.whole` is set, and
the file is decoded whole each time. An MP4 recording's index (`moov`) comes at its end, or in fragments that
need their own bookkeeping, and MP3 is rare from a recorder; a long Safari answer costs more per step.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import struct
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

WEBM_MAGIC = b"\x1a\x45\xdf\xa3"
OGG_MAGIC = b"OggS"
_UNKNOWN_SIZE = b"\x01\xff\xff\xff\xff\xff\xff\xff"
# Matroska element ids met between the header and the end of a recording (Segment and Cluster level).
_SEGMENT, _CLUSTER, _TIMECODE = 0x18538067, 0x1F43B675, 0xE7
_HEADER_KEPT = {0x1549A966, 0x1654AE6B}  # Info, Tracks: what a decoder needs to open the file
_BLOCKS = {0xA3, 0xA0, 0xAF}  # SimpleBlock, BlockGroup, EncryptedBlock
_SKIPPED = {
    0x114D9B74,  # SeekHead
    0x1C53BB6B,  # Cues
    0x1043A770,  # Chapters
    0x1254C367,  # Tags
    0x1941A469,  # Attachments
    0xEC,  # Void
    0xBF,  # CRC-32
    0x5854,  # SilentTracks
    0xA7,  # Position
    0xAB,  # PrevSize
}
_KNOWN = {_SEGMENT, _CLUSTER, _TIMECODE, 0x1A45DFA3} | _HEADER_KEPT | _BLOCKS | _SKIPPED
# An element (or page) larger than this is not waited for: the bytes are not a recording.
MAX_ELEMENT = 8 * 1024 * 1024


class NotARecording(ValueError):
    """The bytes cannot be a WebM or Ogg recording (an element no recorder writes, a broken page)."""


def container_of(first_bytes: bytes) -> str:
    """'webm', 'ogg', 'wav', 'other' (a known media signature) or '' (not a recording) from the first bytes."""
    if first_bytes.startswith(WEBM_MAGIC):
        return "webm"
    if first_bytes.startswith(OGG_MAGIC):
        return "ogg"
    if first_bytes[:4] == b"RIFF" and first_bytes[8:12] == b"WAVE":
        return "wav"
    if first_bytes[4:8] == b"ftyp":
        return "other"
    if first_bytes.startswith(b"ID3") or (len(first_bytes) > 1 and first_bytes[0] == 0xFF and first_bytes[1] >= 0xE0):
        return "other"
    return ""


@dataclass
class Cursor:
    """How far a recording has been decoded; stored beside it between steps (a few hundred bytes)."""

    kind: str = ""  # webm, ogg, wav or other
    offset: int = 0  # bytes of the file walked (the next step starts here)
    header: str = ""  # base64 of the header a fresh decoder needs
    cluster: str = ""  # base64 of the open cluster's start (id, unknown size, timecode)
    samples: int = 0  # 16 kHz samples decoded so far
    media_type: str = ""
    error: str = ""  # set once the recording turned out not to be audio (or too long): decoding stops
    whole: bool = False
    data_left: int = -1  # WAV: bytes of its data chunk not walked yet (-1: up to the end of the file)

    def to_dict(self) -> dict[str, object]:
        """The cursor as JSON-able values."""
        return asdict(self)


@dataclass
class Feed:
    """What one step decodes: the bytes of a small file (header + new blocks) and how far they reach."""

    data: bytes = b""
    offset: int = 0
    blocks: int = 0
    cluster: bytes = b""
    header: bytes = b""
    leftover: int = 0  # bytes after `offset` not walked yet (an element still arriving)
    extra: dict[str, object] = field(default_factory=dict)


def _vint(data: bytes, pos: int, *, keep_marker: bool) -> tuple[int, int] | None:
    """An EBML variable-length integer at `pos`: (value, length), or None when cut off."""
    if pos >= len(data):
        return None
    first = data[pos]
    if first == 0:
        raise NotARecording("invalid EBML length")
    length = 9 - first.bit_length()
    if pos + length > len(data):
        return None
    value = first if keep_marker else first & (0xFF >> length)
    for b in data[pos + 1 : pos + length]:
        value = (value << 8) | b
    return value, length


def _element(data: bytes, pos: int) -> tuple[int, int, int | None] | None:
    """(id, header length, size or None when unknown) of the element at `pos`, or None when cut off."""
    ident = _vint(data, pos, keep_marker=True)
    if ident is None:
        return None
    size = _vint(data, pos + ident[1], keep_marker=False)
    if size is None:
        return None
    unknown = size[0] == (1 << (7 * size[1])) - 1
    return ident[0], ident[1] + size[1], None if unknown else size[0]


def webm_step(cursor: Cursor, data: bytes, base: int, *, final: bool) -> Feed:
    """Walk WebM bytes `data` (file offset `base` == cursor.offset) and collect the complete blocks."""
    header = base64.b64decode(cursor.header)
    cluster = base64.b64decode(cursor.cluster)
    out = bytearray()
    pos, blocks = 0, 0
    while pos < len(data):
        found = _element(data, pos)
        if found is None:
            break
        ident, head, size = found
        if ident not in _KNOWN:  # checked before waiting for the rest: garbage is found at once
            raise NotARecording(f"element {ident:#x} is not part of a recording")
        if ident in (_SEGMENT, _CLUSTER) or (ident == 0x1A45DFA3 and not header):
            if ident == 0x1A45DFA3:  # the EBML header: kept whole
                if size is None or pos + head + size > len(data):
                    break
                header += data[pos : pos + head + size]
                pos += head + size
                continue
            if ident == _SEGMENT:
                header += data[pos : pos + 4] + _UNKNOWN_SIZE
            else:
                cluster = data[pos : pos + 4] + _UNKNOWN_SIZE
                out += cluster
            pos += head  # a master element: its children follow
            continue
        if size is None or size > MAX_ELEMENT:
            raise NotARecording(f"element {ident:#x} of unusable size")
        end = pos + head + size
        if end > len(data):
            break
        raw = data[pos:end]
        if ident in _HEADER_KEPT:
            header += raw
        elif ident == _TIMECODE:
            cluster = cluster[:12] + raw
            out += raw
        elif ident in _BLOCKS:
            if not cluster:
                raise NotARecording("a block outside any cluster")
            blocks += 1
            out += raw
        pos = end
    leftover = len(data) - pos
    if leftover > MAX_ELEMENT or (final and leftover >= 512):
        raise NotARecording("bytes that never complete an element")
    body = bytes(out)
    # The open cluster's start goes first, unless the new bytes begin a cluster of their own.
    lead = b"" if body.startswith(cluster[:4]) and cluster else base64.b64decode(cursor.cluster)
    return Feed(
        data=header + lead + body if blocks else b"",
        offset=base + pos,
        blocks=blocks,
        cluster=cluster,
        header=header,
        leftover=leftover,
    )


def ogg_step(cursor: Cursor, data: bytes, base: int, *, final: bool) -> Feed:
    """Walk Ogg pages in `data`: the first pages (stream headers) become the header, later ones are audio."""
    header = base64.b64decode(cursor.header)
    out = bytearray()
    pos, pages = 0, 0
    while pos + 27 <= len(data):
        if data[pos : pos + 4] != OGG_MAGIC:
            raise NotARecording("bytes between Ogg pages")
        count = data[pos + 26]
        if pos + 27 + count > len(data):
            break
        end = pos + 27 + count + sum(data[pos + 27 : pos + 27 + count])
        if end > len(data):
            break
        (granule,) = struct.unpack_from("<q", data, pos + 6)
        if granule == 0 and not out:  # OpusHead / OpusTags (and Vorbis headers): no audio yet
            header += data[pos:end]
        else:
            out += data[pos:end]
            pages += 1
        pos = end
    leftover = len(data) - pos
    if leftover > MAX_ELEMENT or (final and leftover >= 512):
        raise NotARecording("bytes that never complete an Ogg page")
    return Feed(
        data=header + bytes(out) if pages else b"", offset=base + pos, blocks=pages, header=header, leftover=leftover
    )


_WAV_DATA_OPEN = (0, 0xFFFFFFFF)  # data chunk sizes a streaming writer leaves: read to the end of the file


def _wav_file(fmt: bytes, pcm: bytes) -> bytes:
    """A small WAV file: the recording's `fmt ` chunk and these sample frames."""
    return (
        b"RIFF"
        + struct.pack("<I", 4 + len(fmt) + 8 + len(pcm))
        + b"WAVE"
        + fmt
        + b"data"
        + struct.pack("<I", len(pcm))
        + pcm
    )


def wav_step(cursor: Cursor, data: bytes, base: int, *, final: bool) -> Feed:
    """Walk WAV bytes: the header up to the data chunk once (its `fmt ` chunk kept), then whole sample frames."""
    header = base64.b64decode(cursor.header)
    pos = 0
    if not header:  # RIFF, WAVE, then chunks until `data`; only `fmt ` is kept
        if len(data) < 12:
            return Feed(offset=base, leftover=len(data))
        pos = 12
        fmt = b""
        while True:
            if pos + 8 > len(data):
                if len(data) > MAX_ELEMENT or final:
                    raise NotARecording("a WAV header that never reaches its data")
                return Feed(offset=base, leftover=len(data))
            ident, size = data[pos : pos + 4], struct.unpack_from("<I", data, pos + 4)[0]
            if ident == b"data":
                if not fmt:
                    raise NotARecording("a WAV file without a format chunk")
                cursor.data_left = -1 if size in _WAV_DATA_OPEN else size
                header, pos = fmt, pos + 8
                break
            end = pos + 8 + size + (size & 1)  # chunks are padded to an even length
            if size > MAX_ELEMENT:
                raise NotARecording(f"a WAV chunk {ident!r} of unusable size")
            if end > len(data):
                if final:
                    raise NotARecording("a WAV header cut short")
                return Feed(offset=base, leftover=len(data))
            if ident == b"fmt ":
                fmt = data[pos:end]
            pos = end
    block = struct.unpack_from("<H", header, 8 + 12)[0] if len(header) >= 22 else 0  # nBlockAlign
    if not block:
        raise NotARecording("a WAV format chunk without a frame size")
    usable = len(data) - pos if cursor.data_left < 0 else min(len(data) - pos, cursor.data_left)
    usable -= usable % block
    pcm = data[pos : pos + usable]
    if cursor.data_left >= 0:
        cursor.data_left -= usable
    walked = pos + usable
    if cursor.data_left == 0:
        walked = len(data)  # chunks after the audio (a LIST of tags) are not audio
    return Feed(
        data=_wav_file(header, pcm) if pcm else b"",
        offset=base + walked,
        blocks=usable // block,
        header=header,
        leftover=len(data) - walked,
    )


def cursor_path(path: Path) -> Path:
    """Where the cursor of the recording at `path` is kept."""
    return path.with_name(path.name + ".cursor")


def samples_path(path: Path) -> Path:
    """Where the decoded samples (16 kHz mono float32) of the recording at `path` are kept."""
    return path.with_name(path.name + ".pcm")


def read_cursor(path: Path) -> Cursor:
    """The stored cursor of a recording (a fresh one before its first step)."""
    try:
        return Cursor(**json.loads(cursor_path(path).read_text()))
    except (OSError, ValueError, TypeError):
        return Cursor()


def _write_cursor(path: Path, cursor: Cursor) -> None:
    target = cursor_path(path)
    temp = target.with_name(target.name + ".tmp")
    temp.write_text(json.dumps(cursor.to_dict()))
    os.replace(temp, target)


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[bool]:
    """One step at a time per recording, across threads and worker processes (an flock on the recording).

    Yields False when the recording is gone (deleted: "Record again", retention): nothing is to be written.
    """
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        yield False
        return
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


_WALKED = {"webm": webm_step, "ogg": ogg_step, "wav": wav_step}


def catch_up(path: Path, *, final: bool = False) -> Cursor:
    """Decode what arrived since the last step and append its samples beside the recording.

    `final` (the last piece is in) also decodes a block still open at the end. A recording that turns out
    not to be audio keeps the samples decoded so far and gets `Cursor.error`; later steps do nothing.
    """
    from interview_app.speech.audio import NotAudio, probe  # PyAV and faster-whisper: heavy, only when decoding

    with _locked(path) as present:
        if not present:
            return Cursor(error="not_audio: the recording is gone")
        cursor = read_cursor(path)
        pcm = samples_path(path)
        if cursor.error:
            return cursor
        size = path.stat().st_size if path.exists() else 0
        if pcm.exists() and pcm.stat().st_size != cursor.samples * 4:  # a step that died between its writes
            with pcm.open("r+b") as handle:
                handle.truncate(cursor.samples * 4)
        if size <= cursor.offset:
            return cursor
        with path.open("rb") as handle:
            if not cursor.kind:
                head = handle.read(16)
                if len(head) < 12 and not final:  # too little to tell what it is yet
                    return cursor
                cursor.kind = container_of(head) or "bad"
            handle.seek(cursor.offset)
            data = handle.read(size - cursor.offset) if cursor.kind in _WALKED else b""
        try:
            if cursor.kind == "bad":
                raise NotARecording("not a WebM, Ogg, MP4, WAV or MP3 recording")
            if cursor.kind == "other":  # no walk for this container: the whole file each time
                found = probe(path)
                cursor.whole, cursor.offset = True, size
                samples = found.samples[cursor.samples :]
                cursor.media_type = found.media_type
            else:
                feed = _WALKED[cursor.kind](cursor, data, cursor.offset, final=final)
                samples = None
                if feed.data:
                    found = probe(feed.data)
                    samples = found.samples
                    if not cursor.media_type or found.media_type.startswith("video"):
                        cursor.media_type = found.media_type
                elif len(data) - feed.leftover >= 2048 and not feed.header:
                    raise NotARecording("no audio in the recording's first bytes")
                cursor.offset = feed.offset
                cursor.header = base64.b64encode(feed.header).decode()
                cursor.cluster = base64.b64encode(feed.cluster).decode()
        except (NotARecording, NotAudio) as exc:
            cursor.error = f"not_audio: {str(exc)[:120]}"
            _write_cursor(path, cursor)
            return cursor
        if samples is not None and len(samples):
            with pcm.open("ab") as handle:
                handle.write(np.ascontiguousarray(samples, dtype=np.float32).tobytes())
            cursor.samples += len(samples)
        _write_cursor(path, cursor)
        if not path.exists():  # deleted while this step ran: leave nothing behind
            forget(path)
        return cursor


def decoded_samples(path: Path) -> np.ndarray:
    """The samples decoded so far (read-only, mapped from the file: slicing reads only what is used)."""
    pcm = samples_path(path)
    samples = read_cursor(path).samples
    if not samples or not pcm.exists():
        return np.zeros(0, dtype=np.float32)
    return np.memmap(pcm, dtype=np.float32, mode="r", shape=(samples,))


def forget(path: Path) -> None:
    """Delete what decoding kept beside a recording (with the recording)."""
    for extra in (cursor_path(path), samples_path(path), cursor_path(path).with_suffix(".cursor.tmp")):
        extra.unlink(missing_ok=True)
