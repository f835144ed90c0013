"""The interview page's state: the current question, the draft, the clock and a spoken answer's progress.

Every handler re-reads the interview from the server for the signed-in user (`_refresh`); a spoken answer is
recorded by assets/recorder.js in the browser, which reports its state through `recorder_events`.
"""

import asyncio
import itertools
import time
from collections.abc import Callable
from typing import Any, TypeVar

import reflex as rx
from sqlmodel import Session, select

from interview_app import routes
from interview_app.components import browser
from interview_app.i18n import keys, t
from interview_app.jobs import runner
from interview_app.models import Feedback, Question, User
from interview_app.services.answers import recordings
from interview_app.services.interviews import interviews
from interview_app.services.shared import limits
from interview_app.settings import get_settings
from interview_app.state import edge
from interview_app.state.address import route_id
from interview_app.state.auth import AuthState, with_user, with_user_id

MAX_CHARS = get_settings().answer_max_chars
T = TypeVar("T")

WATCH_SECONDS = 120  # how long `watch_result` follows one hand-in before the once-a-second poll takes over
# Handing a recording in runs in the browser: it waits for the last pieces, then asks the server to finish.
HAND_IN = browser.call("icRecorder.submit")
# Stopping runs in the browser too: the last piece goes up at once and the server transcribes the rest; the
# candidate can then listen back, record again or hand it in.
STOP = browser.call("icRecorder.stop", False)
# Refusals of a typed answer after which the page re-reads the question (another tab moved on).
STALE_QUESTION = ("already_answered", "not_current")
# /recorder.js is rendered by the same update that asks for it: calls made on page load wait for it.
RECORDER_LOAD_MS = 10_000


def _mmss(seconds: float) -> str:
    s = max(0, round(seconds))
    return f"{s // 60}:{s % 60:02d}"


def _metrics_line(m: dict[str, Any], lang: str) -> list[str]:
    """Speaking metrics as short phrases for the answer panel."""
    if not m or not m.get("word_count"):
        return []
    pauses = m["pauses"]
    out = [
        t("interview.voice.m_pace", lang, wpm=m["wpm"]),
        t("interview.voice.m_fillers", lang, n=m["fillers"]["count"], per_minute=m["fillers"]["per_minute"]),
        t("interview.voice.m_pauses", lang, n=pauses["count"], longest=pauses["longest"]),
        t("interview.voice.m_hedges", lang, n=m["hedges"]["count"]),
    ]
    if m.get("time_limit"):
        out.append(t("interview.voice.m_talk_of", lang, talk=_mmss(m["duration"]), limit=_mmss(m["time_limit"])))
    else:
        out.append(t("interview.voice.m_talk", lang, talk=_mmss(m["duration"])))
    return out


def _filler_note(m: dict[str, Any], lang: str) -> str:
    """How sure the filler count is, in plain words."""
    if not m or not m.get("word_count"):
        return ""
    f = m["fillers"]
    if f.get("checking"):
        pending = len(m.get("stream", {}).get("pending", []))
        return t(
            "interview.voice.confidence_checking", lang, heard=f["heard"], recovered=f["recovered"], pending=pending
        )
    return t(keys.INTERVIEW_VOICE_CONFIDENCE[f["confidence"]], lang, heard=f["heard"], recovered=f["recovered"])


Refusal = interviews.InterviewError | limits.LimitExceeded


def _in_session(step: Callable[..., T], *args: Any, **kwargs: Any) -> T | Refusal:
    """`step(session, *args, **kwargs)` in a database session of its own (run in a worker thread), or its refusal."""
    try:
        with AuthState._session() as session:
            return step(session, *args, **kwargs)
    except (interviews.InterviewError, limits.LimitExceeded) as exc:
        return exc


# How long the page waits for a typed answer's follow-up decision (the background job's first step) before it
# shows the answered question as it stands; a reload then finds the next question.
PREPARE_WAIT_SECONDS = 120.0
PREPARE_POLL_SECONDS = 0.2


async def _next_when_ready(
    user_id: int, sq_id: int, outcome: interviews.SubmitOutcome
) -> interviews.SubmitOutcome | Refusal:
    """Wait for the next question after a typed answer (`interviews.next_step`); what came of it, or `outcome`."""
    deadline = time.monotonic() + PREPARE_WAIT_SECONDS
    while time.monotonic() < deadline:
        await asyncio.sleep(PREPARE_POLL_SECONDS)
        decided = await asyncio.to_thread(_in_session, interviews.next_step, user_id, sq_id)
        if decided is not None:
            return decided
    return outcome


def _ending_note(interview: Any, lang: str) -> str:
    """The warning shown once INTERVIEW_WARNING_MINUTES are left before the interview ends by itself ("" before)."""
    minutes = interviews.minutes_left(interview)
    if minutes is None:
        return ""
    total = get_settings().interview_max_minutes
    hours = f"{total // 60} hours" if total % 60 == 0 else f"{total} minutes"
    return t("interview.ends_soon", lang, minutes=max(1, minutes), hours=hours)


class RunState(AuthState):
    """The current question, the draft and the clock, always re-read from the server."""

    interview_id: int = 0
    sq_id: int = 0
    prompt: str = ""
    kind: str = "main"
    number: int = 0
    total: int = 0
    question_type: str = ""
    draft: str = ""
    saved_note: str = ""
    timer_enabled: bool = True
    seconds_left: int = -1
    paused: bool = False
    finished: bool = False
    submitting: bool = False
    error: str = ""
    notice: str = ""
    loaded: bool = False
    _question_id: int = 0
    # Spoken answers: the mode, what the browser reports, and the answer row's progress.
    answer_mode: str = "text"
    hands_free: bool = False
    rec_local: str = "idle"
    rec_message: str = ""
    rec_status: str = ""
    rec_saved_seconds: float = 0.0
    rec_behind: str = ""  # "Transcribing, 12 s behind" while audio waits for the transcriber
    rec_failed_reason: str = ""
    handed_in: bool = False
    transcript: str = ""
    metrics_line: list[str] = []
    filler_note: str = ""
    fillers_checking: bool = False
    # Until when a background task pushes each step of a handed-in recording to the page as it is stored (a
    # time, not a flag, so a watcher lost with its worker does not block the next one).
    _watching_until: float = 0.0
    fb_total: int = -1
    fb_summary: str = ""
    fb_comments: list[dict[str, str]] = []
    time_limit: int = 0
    # "This interview ends in 10 minutes..." (INTERVIEW_WARNING_MINUTES before it ends by itself), and when
    # (Unix seconds) that warning is due, so the page checks the server only from then on.
    ends_soon: str = ""
    _warn_at: float = 0.0

    def _interview_id(self) -> int:
        return route_id(self.router, "interview_id")

    def _refresh(self, session, user_id: int) -> None:
        interview = interviews.owned_session(session, user_id, self._interview_id())
        self.interview_id = interview.id or 0
        self.timer_enabled = interview.timer_enabled
        self.paused = interview.paused_at is not None
        self.ends_soon = _ending_note(interview, self.lang)
        self._warn_at = interviews.warns_at(interview).timestamp()
        sq = interviews.current_question(session, interview)
        self.finished = sq is None
        if sq is None:
            self.sq_id, self.prompt = 0, ""
            self.total = len([s for s in interviews.questions_of(session, self.interview_id) if s.kind == "main"])
            return
        if sq.id != self.sq_id:
            self.draft = sq.draft
            self.saved_note = self.t("interview.run.draft_restored") if sq.draft else ""
        self.sq_id, self.prompt, self.kind = sq.id or 0, sq.prompt, sq.kind
        self.number, self.total = interviews.question_number(session, sq)
        question = session.get(Question, sq.question_id) if sq.question_id else None
        self._question_id = sq.question_id or 0
        self.question_type = self.t(keys.QUESTION_TYPE[question.type]) if question else ""
        left = interviews.seconds_left(sq, interview)
        self.seconds_left = -1 if left is None else left
        self.time_limit = sq.time_limit_seconds if interview.timer_enabled else 0
        self.answer_mode, self.hands_free = interview.answer_mode, interview.hands_free
        self.handed_in = sq.status == "answered"
        self._read_recording(session, sq.id or 0)

    def _read_recording(self, session: Session, sq_id: int) -> None:
        """The recorded answer's progress, transcript, speaking metrics and feedback, for the status panel."""
        answer = recordings.recording_of(session, sq_id) if self.answer_mode != "text" else None
        self.rec_status = answer.status if answer else ""
        self.rec_saved_seconds = answer.media_seconds if answer else 0.0
        behind = round(answer.media_seconds - answer.transcribed_seconds) if answer else 0
        waiting = answer is not None and answer.status in ("recording", "uploaded", "transcribing")
        self.rec_behind = self.t("interview.voice.behind", n=behind) if waiting and behind >= 1 else ""
        self.rec_failed_reason = ""
        if answer is not None and answer.status == "failed":
            reason = answer.last_error
            self.rec_failed_reason = self.t("interview.voice.no_speech") if reason == "no_speech" else reason
        self.transcript = answer.transcript if answer and answer.transcribed_at else ""
        m = answer.metrics if answer and answer.transcribed_at else {}
        self.metrics_line, self.filler_note = _metrics_line(m, self.lang), _filler_note(m, self.lang)
        self.fillers_checking = bool(m.get("fillers", {}).get("checking"))
        fb = session.exec(select(Feedback).where(Feedback.answer_id == answer.id)).first() if answer else None
        self.fb_total = fb.total if fb else -1
        self.fb_summary = fb.result.get("summary", "") if fb else ""
        comments: list[dict[str, str]] = []
        if fb is not None:
            for tone, key in (("good", "strengths"), ("bad", "improvements")):
                for c in fb.result.get(key, [])[:2]:
                    comments.append({"tone": tone, "text": c.get("text", ""), "quote": c.get("quote") or ""})
        self.fb_comments = comments

    def _prepare(self) -> None:
        """Embed the current question's side in the background, so its answer is scored without delay."""
        if self._question_id and not self.finished:
            runner.enqueue("prepare_question", self._question_id)

    @rx.event
    def load(self):
        """Open the session where the candidate left it (draft, clock and all)."""
        self.error, self.notice, self.submitting, self.loaded, self.sq_id = "", "", False, False, 0
        redirect = self._open_interview()
        if redirect is not None:
            return redirect
        self.loaded = True
        self.rec_local, self.rec_message = "idle", ""
        if self.finished:
            return rx.redirect(routes.interview_report(self.interview_id))
        self._prepare()
        if self.answer_mode != "text" and not self.handed_in:
            if self.rec_status == "recording":
                # Pieces kept in this browser that never reached the server are sent now.
                return browser.call("icRecorder.resume", self.sq_id, self.answer_mode, wait_ms=RECORDER_LOAD_MS)
            return self._ask_aloud()
        return None

    @with_user
    def _open_interview(self, session: Session, user: User) -> rx.event.EventSpec | None:
        """Read the interview for its owner; someone else's (or a missing one) sends them to their history."""
        try:
            self._refresh(session, user.id or 0)
        except interviews.InterviewError:
            return rx.redirect(routes.HISTORY)
        return None

    def _max_recording_seconds(self) -> int:
        """How long the browser may record: what is left on the clock (at least 30 s), else 15 minutes."""
        return max(30, self.seconds_left) if self.seconds_left > 0 else 900

    def _ask_aloud(self) -> rx.event.EventSpec | None:
        """Hands-free: read the question aloud, then record (the browser does both)."""
        if not self.hands_free or self.paused or self.finished or self.handed_in or self.rec_status:
            return None
        spec = {
            "sqId": self.sq_id,
            "text": self.prompt,
            "mode": self.answer_mode,
            "silenceMs": 4000,
            "maxSeconds": self._max_recording_seconds(),
        }
        return browser.call("icRecorder.askAndRecord", spec, wait_ms=RECORDER_LOAD_MS)

    @rx.event
    def tick(self):
        """Once a second: read the clock from the server; when it runs out, hand in what is there."""
        if not self.loaded or self.finished or self.paused or not self.timer_enabled or self.submitting:
            return None
        redirect = self._reload_answer()
        if redirect is not None:
            return redirect
        if self.finished:  # ended meanwhile (by itself after INTERVIEW_MAX_MINUTES, or in another tab)
            return rx.redirect(routes.interview_report(self.interview_id))
        if self.seconds_left == 0 and not self.finished and not self.handed_in:
            self.notice = self.t("interview.run.times_up")
            if self.answer_mode != "text":
                if self.rec_local == "recording":
                    return browser.call("icRecorder.stop", True)
                if self.rec_status == "recording":
                    return RunState.send_recording
                return RunState.skip if self.rec_local not in ("sending", "sent") else None
            return RunState.submit if self.draft.strip() else RunState.skip
        return None

    @rx.event
    def check_end(self):
        """Twice a minute, from the warning time on: re-read the interview.

        The warning counts down, and once the interview has ended by itself the report opens.
        """
        if self.finished:  # found over (by the clock's tick, or another tab): the report
            return rx.redirect(routes.interview_report(self.interview_id)) if self.loaded else None
        if not self.loaded or self.submitting or time.time() < self._warn_at:
            return None
        redirect = self._reload_answer()
        if redirect is not None:
            return redirect
        return rx.redirect(routes.interview_report(self.interview_id)) if self.finished else None

    @rx.event
    @edge.max_chars(value=lambda: max(edge.MAX_CHARS, get_settings().answer_max_chars))
    async def change_draft(self, value: str):
        """Autosave the draft (debounced in the browser).

        The most frequent event of the app (every typing tab, every 2 s): its database round trips run off the
        event loop (`AuthState._off_loop`), which serves other tabs meanwhile instead of waiting on the
        database. The tab's state stays locked for this event until the save is done, as for any event.
        """
        if self.submitting:
            return None  # the answer is on its way; the question is about to change
        self.draft = value
        if len(value) > MAX_CHARS:
            self.error = self.t("interview.error.too_long")
            return None
        return await self._off_loop(self._save_draft, value)

    @with_user_id
    def _save_draft(self, session: Session, user_id: int, value: str) -> None:
        try:
            saved = interviews.save_draft(session, user_id, self.sq_id, value)
        except interviews.InterviewError as exc:
            self.error = self.t(keys.INTERVIEW_ERRORS[exc.code])
            return
        self.error = ""
        self.saved_note = self.t("interview.run.saved_at", time=saved.strftime("%H:%M:%S"))

    @rx.event(background=True)
    async def submit(self):
        """Hand in the typed answer; a follow-up may come next (decided by the background job: it may ask the LLM)."""
        async with self:
            user_id = self._claim_hand_in()
            if isinstance(user_id, int):
                self.error = ""
            sq_id, text = self.sq_id, self.draft
        if not isinstance(user_id, int):
            if user_id is not None:
                yield user_id
            return
        outcome = await asyncio.to_thread(_in_session, interviews.submit_answer, user_id, sq_id, text)
        if isinstance(outcome, interviews.SubmitOutcome) and outcome.preparing:
            async with self:
                self.notice = self.t("interview.run.preparing")
            yield
            outcome = await _next_when_ready(user_id, sq_id, outcome)
        async with self:
            moved_on = self._show_next(user_id, outcome, reread=lambda code: code in STALE_QUESTION)
            report = routes.interview_report(self.interview_id) if moved_on and self.finished else None
        if report is not None:
            yield rx.redirect(report)

    def _claim_hand_in(self) -> int | rx.event.EventSpec | None:
        """Mark an answer as on its way: the signed-in user's id, else the sign-in redirect or None (one already is).

        A hand-in runs in the background, so the page stays live meanwhile; `submitting` refuses a second one.
        """
        if self.submitting:
            return None
        with self._session() as session:
            user = self._signed_in_user(session)
            if user is None:
                return self._to_sign_in()
            user_id = user.id or 0
        self.submitting = True
        return user_id

    def _show_next(
        self, user_id: int, outcome: interviews.SubmitOutcome | Refusal, reread: Callable[[str], bool]
    ) -> bool:
        """After a hand-in: the next question (a follow-up says so), or why it was refused; True when it moved on."""
        self.submitting = False
        if isinstance(outcome, limits.LimitExceeded):
            self.error = outcome.message(self.lang)  # with the time to retry; the draft stays
            return False
        if isinstance(outcome, interviews.InterviewError):
            self.error = self.t(keys.INTERVIEW_ERRORS[outcome.code])
            if reread(outcome.code):
                self._reread(user_id)
            return False
        self._reread(user_id)
        self.error = ""
        if outcome.preparing:  # not decided within PREPARE_WAIT_SECONDS: the answered question stays on screen
            self.notice = self.t("interview.run.preparing")
            return False
        self.notice = (
            self.t("interview.run.follow_up_notice") if outcome.follow_up else self.t("interview.run.answer_saved")
        )
        self._prepare()
        return True

    def _reread(self, user_id: int) -> None:
        with self._session() as session:
            self._refresh(session, user_id)

    def _act(self, action: Callable[[Session, int], object]) -> tuple[bool, rx.event.EventSpec | None]:
        """Run one service call for the signed-in user, then re-read the page; (succeeded, redirect).

        Refused (without a word) while an answer is on its way: the question is about to change under it.
        """
        if self.submitting:
            return False, None
        with self._session() as session:
            user = self._signed_in_user(session)
            if user is None:
                return False, self._to_sign_in()
            try:
                action(session, user.id or 0)
            except interviews.InterviewError as exc:
                self.error = self.t(keys.INTERVIEW_ERRORS[exc.code])
                return False, None
            session.flush()
            self._refresh(session, user.id or 0)
        self.error = ""
        return True, None

    @rx.event
    def skip(self):
        """Skip the current question."""
        done, redirect = self._act(lambda session, user_id: interviews.skip_question(session, user_id, self.sq_id))
        if not done:
            return redirect
        self.notice = self.t("interview.run.skipped")
        self._prepare()
        return rx.redirect(routes.interview_report(self.interview_id)) if self.finished else None

    @rx.event
    def toggle_pause(self):
        """Pause or resume the clock (a recording in progress stops and is kept)."""
        if self.submitting:
            return None
        change = interviews.resume if self.paused else interviews.pause
        was_paused = self.paused
        redirect = self._act(lambda session, user_id: change(session, user_id, self.interview_id))[1]
        if redirect is not None:
            return redirect
        if self.answer_mode != "text" and not was_paused:
            return browser.run(browser.step("icRecorder.cancelSpeech"), browser.step("icRecorder.stop", False))
        if self.answer_mode != "text" and was_paused:
            return self._ask_aloud()
        return None

    @rx.event
    def record(self):
        """Start recording this question's answer in the browser."""
        self.error, self.rec_message = "", ""
        if self.paused or self.handed_in:
            return None
        spec = {
            "sqId": self.sq_id,
            "mode": self.answer_mode,
            "handsFree": False,
            "maxSeconds": self._max_recording_seconds(),
        }
        return browser.run(
            browser.step("icRecorder.cancelSpeech"), browser.step("icRecorder.start", spec), wait_ms=RECORDER_LOAD_MS
        )

    @rx.event
    def send_recording(self):
        """Hand the recording in once every piece is on the server (when the time is up).

        The button does the same in the browser, without a round trip. The outcome arrives as a "submitted"
        recorder event.
        """
        self.error = ""
        self.rec_local = "sending"
        return HAND_IN

    @rx.event
    def rerecord(self):
        """Throw this take away and record again."""
        self.error, self.rec_message = "", ""
        return browser.call("icRecorder.discard", self.sq_id, then=RunState.after_discard)

    @rx.event
    def after_discard(self, _result: Any = None):
        """Re-read the question after a discarded take."""
        self.rec_local = "idle"
        return self._reload_answer()

    @rx.event
    def read_aloud(self):
        """Read the question aloud with the browser's speech synthesis."""
        return browser.call("icRecorder.speak", self.prompt)

    @rx.event
    def bridge(self):
        """The recorder has news: fetch its queued events."""
        return browser.call("icRecorder.take", then=RunState.recorder_events)

    @rx.event
    def recorder_events(self, events: list[dict[str, Any]]):
        """Apply what the browser reported (recording state, permission help, hand-in results)."""
        reload = False
        for ev in events if isinstance(events, list) else []:
            if not isinstance(ev, dict):
                continue
            self.rec_local = str(ev.get("state", self.rec_local))[:20]
            message = str(ev.get("message") or "")
            if ev.get("type") == "state":
                self.rec_message = message[:400]
                if self.rec_local == "sending":
                    self.error = ""
            if ev.get("type") == "submitted":
                reload = True
                if not ev.get("ok"):
                    self.error = message[:400] or self.t("interview.voice.send_failed")
        result = self._reload_answer() if reload else None
        if result is None and self.awaiting_result and not self._watching():
            return RunState.watch_result
        return result

    @with_user
    def _reload_answer(self, session: Session, user: User) -> None:
        """Re-read the page for the signed-in user (the sign-in redirect without one)."""
        try:
            self._refresh(session, user.id or 0)
        except interviews.InterviewError:
            return

    @rx.event
    def poll(self):
        """While a recorded answer is being transcribed and scored: show each step as it happens.

        Once a second, as a fallback: `watch_result` pushes each step the moment it is stored.
        """
        if not self.loaded or self.finished or self.answer_mode == "text":
            return None
        if not self.handed_in and self.rec_local not in ("sending", "sent"):
            return None
        result = self._show_answer_step()
        if result is not None:
            return result
        return RunState.watch_result if self.awaiting_result and not self._watching() else None

    def _show_answer_step(self):
        """Reload the recorded answer; in hands-free mode move on once it is being scored."""
        result = self._reload_answer()
        if result is not None:
            return result
        if self.hands_free and self.handed_in and self.rec_status in ("scoring", "scored"):
            return RunState.continue_on
        return None

    @rx.event(background=True)
    async def watch_result(self):
        """Show each step of a handed-in recording the moment it is stored, rather than at the next poll.

        Reads a small mark of the answer row in a thread every 50 ms (for at most two minutes) and reloads
        the answer when it changes; one watcher per page.
        """
        async with self:
            if self._watching() or not self.sq_id or self.answer_mode == "text":
                return None
            with self._session() as session:
                user = self._signed_in_user(session)
                if user is None:
                    return self._to_sign_in()
                user_id = user.id or 0
            self._watching_until, sq_id = time.time() + WATCH_SECONDS + 5, self.sq_id
        try:
            seen: Any = ()
            started = time.monotonic()
            for round_ in itertools.count():
                if time.monotonic() - started > WATCH_SECONDS:
                    return None
                mark = await asyncio.to_thread(recordings.progress_mark, user_id, sq_id)
                if mark != seen or round_ % 20 == 19:  # and once a second, to notice a hand-in that failed
                    seen = mark
                    async with self:
                        if self.sq_id != sq_id:
                            return None
                        result = self._show_answer_step()
                        if result is not None:
                            return result
                        if not self.awaiting_result:
                            return None
                await asyncio.sleep(0.05)
        finally:
            async with self:
                self._watching_until = 0.0
        return None

    @rx.event(background=True)
    async def continue_on(self):
        """Move on after a recorded answer: a follow-up when key points were missed, else the next question."""
        async with self:
            user_id = self._claim_hand_in()
            sq_id = self.sq_id
        if not isinstance(user_id, int):
            if user_id is not None:
                yield user_id
            return
        outcome = await asyncio.to_thread(
            _in_session, recordings.continue_after, user_id, sq_id, follow_up_writer=interviews.llm_follow_up
        )
        events: list[rx.event.EventSpec] = []
        async with self:
            if self._show_next(user_id, outcome, reread=lambda code: code != "not_found"):
                self.rec_local, self.rec_message = "idle", ""
                if self.finished:
                    events.append(rx.redirect(routes.interview_report(self.interview_id)))
                else:
                    events.append(browser.call("icRecorder.reset"))
                    spoken = self._ask_aloud()
                    if spoken is not None:
                        events.append(spoken)
        for event in events:
            yield event

    @rx.event
    def retry_recording(self):
        """Try a failed transcription or scoring again."""
        return self._act(lambda session, user_id: recordings.retry(session, user_id, self.sq_id))[1]

    @rx.event
    def end_now(self):
        """End the interview early and go to the report."""
        done, redirect = self._act(lambda session, user_id: interviews.end_early(session, user_id, self.interview_id))
        return rx.redirect(routes.interview_report(self.interview_id)) if done else redirect

    @rx.var
    def clock(self) -> str:
        """mm:ss left."""
        s = max(0, self.seconds_left)
        return f"{s // 60}:{s % 60:02d}"

    @rx.var
    def progress(self) -> int:
        """Percent of the main questions reached."""
        return round(self.number * 100 / self.total) if self.total else 0

    def _watching(self) -> bool:
        return time.time() < self._watching_until

    @rx.var
    def awaiting_result(self) -> bool:
        """A recording is on its way or being transcribed and scored: poll often so feedback shows at once."""
        if self.rec_local == "sending" or (self.rec_local == "sent" and not self.handed_in):
            return True
        if self.handed_in and self.fillers_checking:
            return True  # the refined filler count and score follow the first feedback within a second or two
        return self.handed_in and self.rec_status not in ("scored", "failed", "")

    @rx.var
    def char_count(self) -> int:
        """Characters typed."""
        return len(self.draft)
