"""Pure quiz rules: schedule maths, question cycle, points, streaks and quiz sessions."""
