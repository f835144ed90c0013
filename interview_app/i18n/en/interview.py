"""English text of the `interview.*` keys."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "interview.error.not_found": "That interview was not found.",
    "interview.error.too_long": "Your answer is longer than the limit; shorten it before sending. Nothing you typed is lost.",
    "interview.error.empty": "Write an answer before sending, or skip the question.",
    "interview.error.already_answered": "This answer was already sent; here is the next question.",
    "interview.error.not_current": "That question is no longer the current one; the page now shows where you are.",
    "interview.error.paused": "The interview is paused. Resume it to send your answer.",
    "interview.error.session_over": "This interview has ended.",
    "interview.error.no_questions": "No questions match these settings yet. Try another type or difficulty.",
    "interview.error.bad_type": "Choose an interview type.",
    "interview.error.bad_difficulty": "Choose a difficulty.",
    "interview.error.bad_count": "Choose between 3 and 15 questions.",
    "interview.error.bad_focus": "Choose up to five focus areas from the list.",
    "interview.error.bad_limit": "Choose a time limit between 30 seconds and 15 minutes.",
    "interview.error.bad_mode": "Choose an answer mode.",
    "interview.error.not_spoken": "This interview takes typed answers; start a voice or video interview to record.",
    "interview.error.empty_piece": "A part of the recording arrived empty; it is sent again automatically.",
    "interview.error.piece_too_large": "A part of the recording was too large to accept.",
    "interview.error.recording_too_large": "The recording is too large. Stop and hand in what you have, or record a shorter answer.",
    "interview.error.recording_too_long": "The recording is longer than the 15 minutes an answer can take.",
    "interview.error.not_audio": "That did not decode as audio or video, so it was not kept. Record again.",
    "interview.error.out_of_order": "Parts of the recording arrived out of order; the rest is being sent again.",
    "interview.error.missing_pieces": "Some parts of the recording have not arrived yet; they are being sent again.",
    "interview.error.no_recording": "There is no recording for this question yet. Press Record to answer out loud.",
    "interview.error.too_short": "The recording is too short to transcribe. Record at least a sentence.",
    "interview.error.still_transcribing": "Your answer is still being transcribed; it takes a few seconds.",
    "interview.error.signed_out": "You are signed out. Sign in again; your recording is kept on this page.",
    "interview.error.rate_limited": "Too many uploads at once. Wait a moment; the recording is kept.",
    "interview.error.link_expired": "This playback link has expired. Reload the report.",
    "interview.type.behavioural": "Behavioural",
    "interview.type.technical": "Technical",
    "interview.type.system_design": "System design",
    "interview.type.mixed": "Mixed",
    "interview.report.again": "New interview",
    "interview.report.pdf": "Download PDF",
    "interview.run.progress_aria": "Questions done",
    "interview.report.breakdown": "Score by dimension",
    "interview.report.breakdown_answered": "Score by dimension, answered questions only",
    "interview.report.counted_all": "The score is the average of all {counted} questions; every one was answered and none was skipped.",
    "interview.report.counted_skipped": (
        "The score is the average of all {counted} questions: {answered} answered, {skipped} skipped. A skipped "
        "question counts as 0. Your answered questions alone average {average}/100, which the chart shows."
    ),
    "interview.report.counted_none": (
        "No question was answered, so the score is 0: all {counted} questions were skipped, and a skipped "
        "question counts as 0."
    ),
    "interview.report.questions": "Question by question",
    "interview.report.details": "Your answer and feedback",
    "interview.report.chart_alt": "Score by dimension: ",
    "interview.report.improvements": "To improve",
    "interview.report.key_points": "Key points",
    "interview.report.point_covered": "covered",
    "interview.report.point_partly": "touched on, not clearly made",
    "interview.report.point_missing": "missing",
    "interview.report.model_answer": "Show the model answer",
    "interview.report.next": "What to practise next",
    "interview.report.page_title": "Interview report · Interview Coach",
    "interview.report.pending": "Scoring your answers…",
    "interview.report.scoring": "Scoring…",
    "interview.report.skipped": "Skipped",
    "interview.report.not_answered": "Not answered yet",
    "interview.report.failed": "Could not be scored",
    "interview.report.strengths": "Strengths",
    "interview.report.title": "Interview report",
    "interview.report.untitled": "Mock interview",
    "interview.report.your_answer": "Your answer",
    "interview.voice.state_idle": "Press Record and answer out loud, as you would in the interview.",
    "interview.voice.state_starting": "Starting the microphone…",
    "interview.voice.state_recording": "Recording: your answer is saved as you speak.",
    "interview.voice.state_speaking": "The interviewer is reading the question…",
    "interview.voice.state_stopped": "Recording stopped. Listen back, record again, or hand it in.",
    "interview.voice.state_saved": "A recording of this answer is saved. Hand it in, or record again.",
    "interview.voice.state_sending": "Handing in your answer…",
    "interview.voice.level": "Microphone level",
    "interview.voice.playback": "Listen to your answer",
    "interview.voice.record": "Record",
    "interview.voice.answer_now": "Answer now",
    "interview.voice.stop": "Stop",
    "interview.voice.hand_in": "Hand in answer",
    "interview.voice.record_again": "Record again",
    "interview.voice.read_aloud": "Read question aloud",
    "interview.voice.retry": "Try again",
    "interview.voice.continue": "Continue",
    "interview.voice.send_failed": "Your answer could not be handed in. It is kept; try again.",
    "interview.voice.failed": "Your answer could not be processed.",
    "interview.voice.no_speech": "No speech was heard in this recording. Check your microphone and record again.",
    "interview.voice.transcript": "What we heard",
    "interview.voice.full_feedback": "The full feedback, with the model answer, is in the report.",
    "interview.voice.step_uploaded": "Uploaded",
    "interview.voice.step_transcribing": "Transcribing",
    "interview.voice.behind": "Transcribing, {n} s behind",
    "interview.voice.step_scoring": "Scoring",
    "interview.voice.step_ready": "Ready",
    "interview.voice.m_pace": "{wpm} words/min",
    "interview.voice.m_fillers": "Filler words: {n} ({per_minute}/min)",
    "interview.voice.m_pauses": "Pauses: {n} (longest {longest} s)",
    "interview.voice.m_hedges": "Hedging phrases: {n}",
    "interview.voice.m_talk": "Talk time {talk}",
    "interview.voice.m_talk_of": "Talk time {talk} of {limit}",
    "interview.voice.confidence_checking": (
        "Filler count so far: {heard} in the transcript, {recovered} recovered. Still listening again to the "
        "hesitations at the end ({pending} left); the count and the score may change slightly in a moment."
    ),
    "interview.voice.confidence_high": (
        "Filler count: high confidence ({heard} in the transcript, {recovered} more recovered by listening again "
        "to hesitations the transcript left out)."
    ),
    "interview.voice.confidence_medium": (
        "Filler count: medium confidence ({heard} in the transcript, {recovered} recovered); a few hesitations "
        "could not be told apart from pauses, so the true count may be a little higher."
    ),
    "interview.voice.confidence_low": (
        "Filler count: low confidence ({heard} in the transcript, {recovered} recovered); many hesitations could "
        "not be classified, so treat the number as a lower bound."
    ),
    "interview.voice.audio_note": (
        "Audio is uploaded while you speak, so nothing is lost if the page closes. Recordings are kept as set in "
        "Settings; transcripts stay."
    ),
    "interview.voice.video_note": (
        "Video is stored with your answer so you can watch it back. We do not analyse your face, eyes or "
        "emotions: feedback uses only what you say and how you say it (pace, pauses, fillers, talk time)."
    ),
    "interview.voice.hands_free_note": (
        "Hands-free: each question is read aloud, recording starts when it ends and stops after about four "
        "seconds of silence; the interview moves on by itself. Use Stop or Pause at any time."
    ),
    "interview.run.answer_label": "Your answer",
    "interview.run.answer_saved": "Answer saved. Next question.",
    "interview.run.draft_restored": "Your draft was restored.",
    "interview.run.end": "End interview",
    "interview.run.end_confirm": "End now",
    "interview.run.end_text": "Unsent text in the box is kept as your answer; the remaining questions are marked as skipped.",
    "interview.run.end_title": "End the interview now?",
    "interview.run.follow_up": "Follow-up",
    "interview.run.preparing": "Answer saved. Preparing the next question…",
    "interview.run.follow_up_notice": "Answer saved. The interviewer has a follow-up question.",
    "interview.run.of": "of",
    "interview.run.page_title": "Interview · Interview Coach",
    "interview.run.pause": "Pause",
    "interview.run.paused": "Paused. The clock is stopped; resume when you are ready.",
    "interview.run.placeholder": "Type your answer as you would say it…",
    "interview.run.question": "Question",
    "interview.run.resume": "Resume",
    "interview.run.saved_at": "Draft saved at {time}",
    "interview.run.skip": "Skip",
    "interview.run.skipped": "Question skipped.",
    "interview.run.submit": "Send answer",
    "interview.run.times_up": "Time is up for that question.",
    "interview.run.title": "Mock interview",
    "interview.setup.count": "Number of questions:",
    "interview.setup.difficulty": "Difficulty",
    "interview.setup.focus": "Focus areas (optional)",
    "interview.setup.focus_hint": "Pick up to five competencies to practise.",
    "interview.setup.intro": "Questions are chosen for your role and skip ones you saw recently.",
    "interview.setup.limit": "Time per question",
    "interview.setup.mode": "Answer by",
    "interview.mode.text": "Typing",
    "interview.report.m_pace": "Words/min",
    "interview.report.m_fillers": "Filler words",
    "interview.report.m_pauses": "Pauses",
    "interview.report.m_hedges": "Hedging phrases",
    "interview.report.m_talk": "Talk time",
    "interview.report.pace_chart": "Pace over the answer (words per minute in 10-second steps; full height is 200, 110-170 is easy to follow)",
    "interview.report.transcript_legend": (
        "Highlighted: filler words (in brackets: ones the transcript left out but a second listen heard); "
        "dotted: hedging phrases; [pause]: silences of 1.5 s or more."
    ),
    "interview.report.media_deleted": "The recording was deleted as set in Settings; the transcript is kept.",
    "interview.report.fillers_checking": "Filler count: still listening again to a few hesitations.",
    "interview.report.fillers_high": "Filler count: high confidence.",
    "interview.report.fillers_medium": "Filler count: medium confidence; a few hesitations could not be classified.",
    "interview.report.fillers_low": "Filler count: low confidence; treat it as a lower bound.",
    "interview.mode.audio": "Voice",
    "interview.mode.video": "Video (camera optional)",
    "interview.setup.hands_free": "Spoken interviewer (hands-free)",
    "interview.setup.hands_free_hint": "Questions are read aloud; recording starts when the question ends and stops after a long silence.",
    "interview.setup.limit.auto": "Suggested for each question",
    "interview.setup.limit.seconds": "{seconds} seconds",
    "interview.setup.page_title": "New interview · Interview Coach",
    "interview.setup.role": "Role",
    "interview.setup.language_fallback": (
        "The question bank has too few questions in {language} for this role and interview type yet, so this "
        "interview will be in English."
    ),
    "interview.setup.start": "Start interview",
    "interview.setup.timer": "Timer",
    "interview.setup.title": "New mock interview",
    "interview.setup.type": "Interview type",
    # an interview left running ends by itself (INTERVIEW_MAX_MINUTES)
    "interview.ends_soon": (
        "This interview ends in {minutes} minutes: interviews close {hours} after they start. "
        "Your answers so far are kept, and the report covers what you answered."
    ),
    "interview.report.abandoned": "This interview ended by itself {hours} after it started. The report covers the questions you answered.",
    # interview report: the other half of missed-point cards
    "interview.report.trainer_cards": "{count, plural, one {The key point you missed in this interview comes back as a review card in your daily trainer.} other {The # key points you missed in this interview come back as review cards in your daily trainer.}}",
    "interview.report.trainer_link": "Open the trainer",
}
