"""The BLINK pulse: one slow breath shared by every BLINK marker of a page.

A QVariantAnimation moves an opacity between full and dim, forever, while
the page is on screen; each step sets it on the markers' opacity effects.
It never starts when the system asks for reduced motion (markers then stay
at full colour), and the page stops it whenever it or its window is hidden.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QAbstractAnimation, QEasingCurve, QObject, Qt, QVariantAnimation
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QGraphicsOpacityEffect, QWidget

PERIOD_MS = 1600
DIM = 0.35
FULL = 1.0


def reduced_motion() -> bool:
    """Whether the system asks applications to avoid animation (Qt 6.12 and later say so)."""
    accessibility = getattr(QGuiApplication.styleHints(), "accessibility", None)
    preference = getattr(accessibility(), "motionPreference", None) if accessibility is not None else None
    reduced = getattr(getattr(Qt, "MotionPreference", None), "ReducedMotion", None)
    return preference is not None and reduced is not None and preference() == reduced


class BlinkPulse(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.animation = QVariantAnimation(self)
        self.animation.setDuration(PERIOD_MS)
        self.animation.setKeyValueAt(0.0, FULL)
        self.animation.setKeyValueAt(0.5, DIM)
        self.animation.setKeyValueAt(1.0, FULL)
        self.animation.setEasingCurve(QEasingCurve.Type.InOutSine)
        self.animation.setLoopCount(-1)
        self.animation.valueChanged.connect(self._step)
        self._markers: list[QWidget] = []

    def attach(self, widget: QWidget) -> None:
        """Let `widget` breathe with the others (as long as it exists)."""
        widget.setGraphicsEffect(QGraphicsOpacityEffect(widget))
        self._markers.append(widget)

    @property
    def running(self) -> bool:
        return self.animation.state() == QAbstractAnimation.State.Running

    def start(self) -> None:
        if reduced_motion() or self.running:
            return
        self.animation.start()

    def stop(self) -> None:
        if self.running:
            self.animation.stop()
        self._step(FULL)

    def _step(self, opacity: float) -> None:
        self._markers = [marker for marker in self._markers if shiboken6.isValid(marker)]
        for marker in self._markers:
            effect = marker.graphicsEffect()
            if isinstance(effect, QGraphicsOpacityEffect):
                effect.setOpacity(opacity)
