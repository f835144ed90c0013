"""Plans and payments: plans, quotas, usage, costs, checkout, webhooks, subscriptions, revenue, invoices."""
