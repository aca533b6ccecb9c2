"""The attribution component: cues, and for each cue its source and content."""
