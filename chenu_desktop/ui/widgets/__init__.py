"""Small reusable widgets: cards, state views, toasts, the palette."""
