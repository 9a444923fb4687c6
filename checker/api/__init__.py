"""The API model: OpenAPI documents read, normalised, navigated, validated."""
