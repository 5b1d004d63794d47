"""Phrase templates: a clinic's own short texts, typed into any free-text field of a step with
`;;` and the abbreviation, or chosen with the button beside the field (static/js/phrases.js)."""
