"""The runtime: settings, CLI, application wiring, chat adapters and renderers."""
