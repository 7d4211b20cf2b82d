"""Outcomes of treatments: improved, no_change, worse, mixed or unknown, each linked to the mention it judges."""
