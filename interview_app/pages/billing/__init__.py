"""Billing pages: the pricing page, the payment return page and the candidate's invoices."""
