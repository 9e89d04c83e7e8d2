"""Read side: question -> (condensed follow-up) -> hybrid retrieval -> answer with validated citations."""
