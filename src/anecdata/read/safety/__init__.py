"""Safety: red flags, descriptions of symptoms that guidelines list as reasons for prompt clinical assessment."""
