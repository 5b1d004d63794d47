"""Clinical decision-support engine (pure Python, no Django)."""
