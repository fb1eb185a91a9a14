"""Exit-readiness audit: one check per module (checks/), an explicit registry, pure evaluation.

``run_audit(plan_doc, evidence, settings)`` returns the findings; renderers (render.py) turn them
into a table, the audit JSON, JUnit XML or SARIF without recomputing anything.
"""
