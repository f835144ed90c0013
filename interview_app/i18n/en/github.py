"""English text of the `github.*` keys."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    # GitHub profile panel (settings, tailoring)
    "github.title": "GitHub profile",
    "github.text": (
        "We read your public repositories, their languages, topics and READMEs, and your recent public activity. "
        "Interviews can then ask about your own projects, and the skills they show can join your profile."
    ),
    "github.username": "GitHub username",
    "github.username_hint": "Your login or profile address, e.g. octocat or https://github.com/octocat.",
    "github.linked_hint": "Leave it empty to use the GitHub account you sign in with.",
    "github.fetch": "Fetch",
    "github.fetching": "Reading your GitHub profile…",
    "github.refetch": "Fetch again",
    "github.forget": "Remove",
    "github.forget_confirm": "Remove your GitHub profile from Interview Coach? You can fetch it again at any time.",
    "github.forgotten": "Your GitHub profile was removed.",
    "github.fetched": "Fetched {when}",
    "github.fetched_toast": "GitHub profile read: {repos} repositories.",
    "github.repos": "Notable repositories",
    "github.no_repos": "No public repositories of your own with code yet.",
    "github.no_summary": "No README summary.",
    "github.languages": "Languages",
    "github.skills": "Skills your repositories show",
    "github.skills_new": "Not in your profile yet:",
    "github.adopt": "Add to my skills",
    "github.adopted": "Added to your skills: {skills}.",
    "github.activity": "Last {days} days: {pushes} pushes ({commits} commits), {prs} pull requests, {reviews} reviews",
    "github.activity_none": "No public activity in the last {days} days.",
    "github.stars": "{count} stars",
    # errors (codes of services/tailoring/github.py)
    "github.bad_username": "That is not a GitHub username: use letters, digits and single hyphens (at most 39), or a github.com link.",
    "github.no_username": "Enter your GitHub username (no GitHub account is linked to your sign-in).",
    "github.not_found": "GitHub has no user of that name. Check the spelling.",
    "github.rate_limited": (
        "GitHub's limit of requests for this server is used up. Try again in {minutes} min. "
        "An administrator can set GITHUB_TOKEN for a higher limit."
    ),
    "github.too_many": "You have fetched your GitHub profile often in the last hour. Try again in {minutes} min.",
    "github.unavailable": "GitHub did not answer properly just now. Nothing was changed; try again in a minute.",
    "github.bad_token": "The server's GitHub token was refused. An administrator needs to check GITHUB_TOKEN.",
    "github.forbidden": "GitHub refused the request. Nothing was changed; try again later.",
}
