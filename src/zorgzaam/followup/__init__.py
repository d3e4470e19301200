"""Keeping the plan alive: self-assessment on the nine building blocks, partners, bodies and meetings,
signals to policy and their result, and "you said, we did" pages for residents."""
