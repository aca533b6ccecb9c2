"""Word lists that several layers read (components, the store, the evaluations), each defined
once here and selected from where it is used."""
