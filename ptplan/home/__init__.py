"""The landing page for each role: "My day" for therapists."""
