"""The integration profile (what the integration uses, with provenance) and relevance of findings."""
from checker.profile.build import after_validate, build_profile, learn, relevance_stage
from checker.profile.model import Fact, Origin, Profile, load_profile, profile_path, save_profile
from checker.profile.relevance import apply_relevance, classify

__all__ = ["Fact", "Origin", "Profile", "after_validate", "apply_relevance", "build_profile", "classify",
           "learn", "load_profile", "profile_path", "relevance_stage", "save_profile"]
