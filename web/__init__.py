"""What the web chat needs beside the answering engine: turns, feedback, limits, staff access, status, rendering helpers."""
