"""The neurological examination by root, reflex and side, and the one codec between its stored
columns (`motor_l5_left`, `reflex_achilles_right`, `hoffmann_left`) and the paths of the
findings (`exam.motor.L5.left`, `exam.reflexes.achilles.right`, `exam.hoffmann.left`).

No other module builds or parses these column names (docs/findings.md, "exam").
"""

# Roots of the neurological examination and the reflexes, in examination order.
ROOTS = ("C5", "C6", "C7", "C8", "T1", "L2", "L3", "L4", "L5", "S1")
REFLEXES = ("biceps", "brachioradialis", "triceps", "patellar", "achilles")
SIDES = ("left", "right")
LOWER_LIMB_ROOTS = ("L2", "L3", "L4", "L5", "S1")

# Each root's key muscle and sensory area (docs/findings.md, the examination grid).
ROOT_TESTS = {
    "C5": ("Shoulder abduction", "Lateral arm"),
    "C6": ("Wrist extension", "Lateral forearm, thumb"),
    "C7": ("Elbow extension", "Middle finger"),
    "C8": ("Finger flexion", "Little finger, medial forearm"),
    "T1": ("Finger abduction", "Medial arm"),
    "L2": ("Hip flexion", "Anterior thigh"),
    "L3": ("Knee extension", "Medial thigh to knee"),
    "L4": ("Ankle dorsiflexion", "Medial leg"),
    "L5": ("Great toe extension", "Dorsum of foot, lateral leg"),
    "S1": ("Ankle plantarflexion", "Lateral foot, sole"),
}
# The root each reflex tests (docs/clinical-rules.md, "Root table").
REFLEX_ROOTS = {"biceps": "C5", "brachioradialis": "C6", "triceps": "C7", "patellar": "L4",
                "achilles": "S1"}


def grid_column(prefix: str, key: str, side: str) -> str:
    """("motor", "L5", "left") -> "motor_l5_left"."""
    return f"{prefix}_{key.lower()}_{side}"


def side_column(name: str, side: str) -> str:
    """("hoffmann", "left") -> "hoffmann_left"."""
    return f"{name}_{side}"
