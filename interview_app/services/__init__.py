"""The domain: plain Python services that never import reflex."""
