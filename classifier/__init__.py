"""Loading, validating and classifying: knowledge, profiles, rules and the durable-rules engine."""
