"""Pages of the window, one per file; each is a BasePage given the AppContext."""
