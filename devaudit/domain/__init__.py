"""Network semantics shared by every platform: ACLs and filters read into one model, whatever the syntax."""
