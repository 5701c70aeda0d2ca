"""Tokens: today's, this month's and each hired agent's use against budget."""

from __future__ import annotations

from fastapi import APIRouter, Request

from ..deps import ReadAccess, services_for
from ..pagination import errors
from ..schemas.tokens import TokenReportOut

router = APIRouter(prefix="/tokens", tags=["tokens"])


@router.get("", operation_id="tokenReport", response_model=TokenReportOut, responses=errors(401, 404, 422))
def token_report(request: Request, access: ReadAccess) -> TokenReportOut:
    return TokenReportOut.model_validate(services_for(request, access).tokens.report().to_dict())
