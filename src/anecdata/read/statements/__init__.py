"""Statement typing: claim, personal experience, experience-based claim, question (RedHOT's labels)."""
