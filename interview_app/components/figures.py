"""The figure every chart state var starts with, before its page loads the real one.

Reflex deep-copies each state var's default for every new tab, on the event loop. A plain `go.Figure()`
carries plotly's default template, and copying it re-validates the whole template: about 40 ms per figure,
half a second of every other user's time for the app's 13 chart vars on each new tab. With the empty
"none" template a copy takes about 1 ms. The charts the handlers build keep plotly's default look.
"""

import plotly.graph_objects as go

BLANK_FIGURE = go.Figure(layout_template="none")
