"""English text of the `billing.*` keys."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    # quotas of a plan used up (services/shared/limits.py): {plan} is the plan's name, {day} the reset day
    "billing.quota.interviews_per_month": (
        "Your {plan} plan includes {limit} interviews a month, and you have started all of them. "
        "More on {day} (in {wait}), or upgrade to go on now."
    ),
    "billing.quota.voice_minutes_per_month": (
        "Your {plan} plan includes {limit} minutes of spoken answers a month, and they are used. "
        "Type your answers instead, upgrade, or speak again from {day}."
    ),
    "billing.quota.llm_answers_per_month": (
        "Your {plan} plan includes {limit} AI-scored answers a month and all of them are used, so this answer "
        "was scored by the built-in scorer. AI scoring is back on {day}."
    ),
    "billing.quota.interviews_per_day": (
        "Your {plan} plan includes {limit} interviews a day, and you have started that many in the last "
        "24 hours. You can start the next one in {wait}, or upgrade for more."
    ),
    "billing.quota.days": "{count, plural, one {# day} other {# days}}",
    "billing.quota.exports_per_day": "Your {plan} plan includes {limit} data exports a day. Try again in {wait}.",
    "billing.upgrade": "Upgrade",
    "billing.locked.tailored_interviews": (
        "Interviews tailored to a job description are not part of your {plan} plan. Upgrade to build one."
    ),
    "billing.locked.pdf_reports": "PDF reports are not part of your {plan} plan. Upgrade to download them.",
    # the plans' quotas and features, as the pricing page and the usage meter name them
    "billing.plan.interviews_per_day": "{count, plural, one {# interview a day} other {# interviews a day}}",
    "billing.plan.interviews_per_month": "{count, plural, one {# interview a month} other {# interviews a month}}",
    "billing.plan.voice_minutes_per_month": (
        "{count, plural, one {# minute of spoken answers a month} other {# minutes of spoken answers a month}}"
    ),
    "billing.plan.llm_answers_per_month": (
        "{count, plural, one {# AI-scored answer a month} other {# AI-scored answers a month}}"
    ),
    "billing.plan.exports_per_day": "{count, plural, one {# data export a day} other {# data exports a day}}",
    "billing.plan.unlimited_interviews_per_day": "As many interviews a day as you like",
    "billing.plan.unlimited_interviews_per_month": "Unlimited interviews a month",
    "billing.plan.unlimited_voice_minutes_per_month": "Unlimited spoken answers",
    "billing.plan.unlimited_llm_answers_per_month": "AI scoring on every answer",
    "billing.plan.unlimited_exports_per_day": "Unlimited data exports",
    "billing.plan.none_voice_minutes_per_month": "Typed answers only",
    "billing.plan.none_llm_answers_per_month": "Scored by the built-in scorer",
    "billing.feature.tailored_interviews": "Interviews tailored to a job description and your CV",
    "billing.feature.pdf_reports": "PDF reports of your interviews and progress",
    # the pricing page
    "billing.pricing.nav": "Pricing",
    "billing.pricing.page_title": "Pricing · Interview Coach",
    "billing.pricing.description": (
        "Interview Coach's plans: practise free, or upgrade for more interviews a month, more spoken answers and "
        "AI feedback on every answer. Monthly or yearly, cancel any time."
    ),
    "billing.pricing.title": "Plans and pricing",
    "billing.pricing.intro": (
        "Start free and upgrade when you practise more. Cancel any time: your interviews, answers and reports "
        "stay yours on every plan."
    ),
    "billing.pricing.monthly": "Monthly",
    "billing.pricing.yearly": "Yearly",
    "billing.pricing.billing_period": "Billing period",
    "billing.pricing.currency": "Currency",
    "billing.pricing.per_month": "a month",
    "billing.pricing.per_year": "a year",
    "billing.pricing.free": "Free",
    "billing.pricing.free_forever": "forever",
    "billing.pricing.yearly_saving": "{percent}% less than monthly",
    "billing.pricing.not_in_currency": "Not sold in {currency}",
    "billing.pricing.no_yearly": "Monthly only",
    "billing.pricing.current": "Your plan",
    "billing.pricing.choose": "Choose {plan}",
    "billing.pricing.start_free": "Start free",
    "billing.pricing.resets": "Monthly quotas reset on the 1st of each month (UTC). Prices include no taxes.",
    "billing.pricing.empty": "No plans are on offer right now.",
    "billing.pricing.signed_out_note": "Create a free account first; you can upgrade from here afterwards.",
    # the usage card on the settings page
    "billing.usage.title": "Plan and usage",
    "billing.usage.plan": "You are on the {plan} plan.",
    "billing.usage.renews": "It renews on {day}.",
    "billing.usage.grace": "Your last payment did not go through. You keep {plan} until {day}.",
    "billing.usage.see_plans": "See plans",
    "billing.usage.full": "A quota is used up. Upgrade to go on now, or wait until it resets.",
    "billing.meter.interviews_per_month": "Interviews this month",
    "billing.meter.interviews_per_day": "Interviews in the last 24 hours",
    "billing.meter.voice_minutes_per_month": "Minutes of spoken answers this month",
    "billing.meter.llm_answers_per_month": "AI-scored answers this month",
    "billing.meter.exports_per_day": "Data exports in the last 24 hours",
    "billing.meter.used_of": "{used} of {limit} used · {left} left",
    "billing.meter.unlimited": "{used} used · no limit",
    "billing.meter.resets_on": "Resets on {day}",
    "billing.meter.next_in": "The next one in {wait}",
    # the admin's plans page
    "billing.admin.nav_plans": "Plans",
    "billing.admin.nav_costs": "Costs",
    "billing.admin.plans.page_title": "Plans · Admin · Interview Coach",
    "billing.admin.plans.title": "Plans",
    "billing.admin.plans.intro": (
        "What each plan costs and allows. Everyone without a subscription is on the default plan. Archive a "
        "plan to take it off the pricing page: its subscribers keep it."
    ),
    "billing.admin.plans.off": (
        "Plans are switched off (PLANS_ENABLED=false): nobody sees these plans and the limits of the settings "
        "apply to everyone. You can prepare the plans here before switching them on."
    ),
    "billing.admin.plans.new": "New plan",
    "billing.admin.plans.edit": "Edit",
    "billing.admin.plans.archive": "Archive",
    "billing.admin.plans.restore": "Offer again",
    "billing.admin.plans.delete": "Delete",
    "billing.admin.plans.delete_confirm": "Delete the plan {plan}? Nobody has subscribed to it.",
    "billing.admin.plans.default": "Default",
    "billing.admin.plans.archived": "Archived",
    "billing.admin.plans.subscribers": "{count, plural, one {# subscriber} other {# subscribers}}",
    "billing.admin.plans.unlimited": "unlimited",
    "billing.admin.plans.form_new": "New plan",
    "billing.admin.plans.form_edit": "Edit {plan}",
    "billing.admin.plans.slug": "Slug (in links and for the payment providers)",
    "billing.admin.plans.name": "Name",
    "billing.admin.plans.description": "Description",
    "billing.admin.plans.prices": "Prices (blank: not sold in that currency or period)",
    "billing.admin.plans.quotas": "Quotas (blank: unlimited; 0: none)",
    "billing.admin.plans.features": "Features",
    "billing.admin.plans.provider_prices": "Payment provider price ids",
    "billing.admin.plans.provider_label": "{provider} {interval}",
    "billing.admin.plans.is_default": "Default plan (everyone without a subscription; no prices)",
    "billing.admin.plans.active": "On offer (shown on the pricing page)",
    "billing.admin.plans.sort_order": "Order on the pricing page",
    "billing.admin.plans.save": "Save plan",
    "billing.admin.plans.cancel": "Cancel",
    "billing.admin.plans.saved": "Plan {plan} saved.",
    "billing.admin.plans.deleted": "Plan {plan} deleted.",
    "billing.admin.plans.archived_done": "Plan {plan} archived: it is no longer on the pricing page.",
    "billing.admin.plans.restored_done": "Plan {plan} is on offer again.",
    "billing.admin.plans.month": "month",
    "billing.admin.plans.year": "year",
    # the admin's cost page
    "billing.admin.costs.page_title": "Costs · Admin · Interview Coach",
    "billing.admin.costs.title": "Costs",
    "billing.admin.costs.intro": (
        "What the paid engines cost: the AI reviewer's tokens and Whisper's seconds of audio, priced when they "
        "were used."
    ),
    "billing.admin.costs.prices": (
        "Prices now: {prompt} per million prompt tokens, {completion} per million completion tokens, "
        "{whisper} per second of audio."
    ),
    "billing.admin.costs.from": "From",
    "billing.admin.costs.to": "To",
    "billing.admin.costs.total": "Total",
    "billing.admin.costs.per_day": "Per day",
    "billing.admin.costs.per_user": "Per user",
    "billing.admin.costs.per_session": "Per interview",
    "billing.admin.costs.col_day": "Day",
    "billing.admin.costs.col_user": "User",
    "billing.admin.costs.col_session": "Interview",
    "billing.admin.costs.col_audio": "Audio",
    "billing.admin.costs.col_tokens": "Tokens (prompt + completion)",
    "billing.admin.costs.col_calls": "AI calls",
    "billing.admin.costs.col_cost": "Cost",
    "billing.admin.costs.seconds": "{seconds} s",
    "billing.admin.costs.deleted_user": "Deleted account",
    "billing.admin.costs.none": "Nothing was spent in these days.",
    "billing.admin.costs.bad_range": "Choose a start day on or before the end day, at most a year apart.",
    # plan errors (services/billing/plans.py)
    "billing.error.invalid": "Check the marked fields.",
    "billing.error.price": "Enter a price such as 12 or 12.50, more than 0.",
    "billing.error.quota": "Enter a whole number (blank: unlimited).",
    "billing.error.slug": "Use 1 to 40 lower-case letters, digits and dashes, starting with a letter or digit.",
    "billing.error.slug_taken": "Another plan already has this slug.",
    "billing.error.name": "Enter a name (1 to 80 characters).",
    "billing.error.description": "Keep the description to 500 characters.",
    "billing.error.features": "Choose features from the list.",
    "billing.error.sort_order": "Enter a whole number between -1000 and 1000.",
    "billing.error.default_has_prices": "The default plan is free: remove its prices.",
    "billing.error.default_inactive": "The default plan must stay on offer.",
    "billing.error.no_price": "Give the plan at least one price.",
    "billing.error.plan_not_found": "That plan no longer exists.",
    "billing.error.default_needed": "Make another plan the default instead: there must always be one.",
    "billing.error.default_delete": "The default plan cannot be deleted.",
    "billing.error.plan_in_use": "People have subscribed to this plan: archive it instead.",
    # payments (services/billing/checkout.py, subscriptions.py; the webhook route api/billing.py)
    "billing.webhook.not_found": "There is no such payment webhook here.",
    "billing.webhook.too_large": "The event is larger than a payment provider sends.",
    "billing.webhook.signature_invalid": "The signature of this event is missing, wrong or too old.",
    "billing.webhook.event_invalid": "This is not an event of this payment provider.",
    "billing.webhook.unavailable": "The event could not be applied now. Send it again later.",
    "billing.error.plans_off": "Plans are not offered on this site.",
    "billing.error.plan_unavailable": "This plan cannot be bought right now. Choose another one on the pricing page.",
    "billing.error.already_subscribed": (
        "You already have a paid plan. Manage it from your settings (change, cancel or update your card)."
    ),
    "billing.error.no_subscription": "You have no paid plan to change.",
    "billing.error.payment_not_found": "That payment no longer exists.",
    "billing.error.refund_invalid": "Nothing is left to refund of this payment, or the amount is more than is left.",
    "billing.error.refund_failed": "The payment provider could not make the refund.",
    "billing.error.card_declined": "The card was declined. Try another card or payment method.",
    "billing.error.auth": (
        "Payments are not set up correctly on this site (the provider refused its key). Nothing was charged; "
        "the administrator has been told."
    ),
    "billing.error.rate_limited": "The payment provider is busy. Nothing was charged: try again in a minute.",
    "billing.error.rejected": "The payment provider refused the request. Nothing was charged.",
    "billing.error.unavailable": "The payment provider could not be reached. Nothing was charged: try again soon.",
    "billing.error.not_configured": "Payments are not set up on this site yet. Nothing was charged.",
    "billing.error.payment_due": "Your last payment did not go through. Update your payment method with Manage billing in your settings, or cancel the subscription there, before choosing a plan again.",
    # the page the payment provider sends the candidate back to
    "billing.return.page_title": "Payment · Interview Coach",
    "billing.return.title": "Your payment",
    "billing.return.processing": (
        "Thank you! We are waiting for the payment provider to confirm your payment. This usually takes a few "
        "seconds; this page updates by itself."
    ),
    "billing.return.slow": (
        "The confirmation is taking longer than usual. You can leave this page: your plan changes as soon as "
        "the payment is confirmed, and nothing is charged twice."
    ),
    "billing.return.premium": "You're on {plan}.",
    "billing.return.premium_text": "Your new limits apply now. Thank you for your support!",
    "billing.return.none": "No payment is waiting for confirmation.",
    "billing.return.none_text": "If you have just paid, the confirmation may still be on its way: look again in a minute.",
    "billing.return.dashboard": "Go to the dashboard",
    "billing.return.pricing": "See plans",
    "billing.return.failed": "The payment did not go through.",
    "billing.return.failed_text": (
        "The payment provider says your payment failed, so nothing was charged and your plan is unchanged. "
        "Choose the plan again to try another card or payment method."
    ),
    "billing.return.why.bank": "Your bank declined the payment: try another card, or ask your bank why.",
    "billing.return.why.customer": (
        "The payment was cancelled or its confirmation (such as a one-time password) was not completed."
    ),
    "billing.return.why.provider": ("The payment network had a problem on its side. Wait a few minutes and try again."),
    "billing.return.why.other": "The payment provider could not complete the payment.",
    "billing.return.unverified": (
        "We could not confirm that this page was opened by the payment provider, so it changes nothing. If you "
        "paid, your plan changes as soon as the provider confirms the payment to us."
    ),
    # the app's checkout page that opens the payment provider's payment window (Razorpay Standard Checkout)
    "billing.checkout.page_title": "Payment · Interview Coach",
    "billing.checkout.heading": "Complete your payment",
    "billing.checkout.text": (
        "You pay in the payment provider's secure window, which opens over this page. When the payment is "
        "done, you come back to Interview Coach by yourself."
    ),
    "billing.checkout.opening": "Opening the payment window…",
    "billing.checkout.open": "Open payment window",
    "billing.checkout.script_failed": (
        "The payment window could not be loaded: you may be offline, or a browser extension or network filter "
        "may be blocking the payment provider. Nothing was charged. Check your connection, allow the payment "
        'provider on this page and choose "Open payment window" again.'
    ),
    "billing.checkout.dismissed": (
        'You closed the payment window, so nothing was charged. Your checkout is kept: choose "Open payment '
        "window\" when you're ready, or go back to the plans."
    ),
    "billing.checkout.declined": (
        "The payment did not go through and nothing was charged. Try again with another card or payment method."
    ),
    "billing.checkout.noscript": (
        "The payment window needs JavaScript. Turn it on for this page, or go back to the plans."
    ),
    "billing.checkout.back": "Back to plans",
    # the checkout page's link is signed for the candidate who chose the plan and lasts a while (PAGE_TOKEN_SECONDS)
    "billing.checkout.expired_heading": "This payment link has expired",
    "billing.checkout.expired_text": (
        "For your safety, a payment link works for {count, plural, one {# minute} other {# minutes}} after you "
        "choose a plan. Nothing was charged. Choose your plan again to get a new link."
    ),
    "billing.checkout.invalid_heading": "This payment link doesn't work",
    "billing.checkout.invalid_text": (
        "It isn't the whole link Interview Coach made when you chose a plan, or it was made for someone else. "
        "Nothing was charged. Choose your plan again to start over."
    ),
    "billing.checkout.start_again": "Choose a plan again",
    # the subscription card on the settings page
    "billing.manage.title": "Subscription",
    "billing.manage.portal": "Manage billing",
    "billing.manage.portal_hint": "Change your card, download invoices or switch plans at the payment provider.",
    "billing.manage.cancel": "Cancel subscription",
    "billing.manage.cancel_title": "Cancel your subscription?",
    "billing.manage.cancel_text": (
        "You keep your plan until the end of the period you paid for, then you are on the free plan. Your "
        "interviews, answers and reports stay."
    ),
    "billing.manage.cancel_confirm": "Cancel at the end of the period",
    "billing.manage.cancelled": "Your subscription ends on {day}. You keep {plan} until then.",
    "billing.manage.cancelling": "Cancelling is set: {plan} ends on {day} and does not renew.",
    "billing.manage.past_due": "Your last payment did not go through. Update your payment method with Manage billing, or cancel the subscription; your plan comes back as soon as a payment succeeds.",
}
