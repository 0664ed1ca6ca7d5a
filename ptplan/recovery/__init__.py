"""Account recovery: password-reset links, two-step recovery codes and the sessions people can see."""
