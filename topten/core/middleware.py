from django.conf import settings

from topten.audience.conf import captcha_provider

# No third-party scripts, fonts or trackers: everything comes from our own origin.
CSP = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data: https:",
        "style-src 'self' 'unsafe-inline'",
        "script-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self' https://checkout.stripe.com",
        "frame-ancestors 'none'",
    ]
)


# The optional sign-up CAPTCHA (off by default) is the one third party we may load.
CAPTCHA_ORIGINS = {
    "turnstile": "https://challenges.cloudflare.com",
    "hcaptcha": "https://hcaptcha.com https://*.hcaptcha.com",
}


def policy(captcha_provider: str) -> str:
    origins = CAPTCHA_ORIGINS.get(captcha_provider)
    if not origins:
        return CSP
    return CSP.replace("script-src 'self'", f"script-src 'self' {origins}") + (
        f"; frame-src {origins}; connect-src 'self' {origins}"
    )


class SecurityHeadersMiddleware:
    """Adds CSP and Permissions-Policy. Views that must be framed (the sign-up embed)
    set `response.frame_ancestors = "*"` and are exempted from X-Frame-Options."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            csp = policy(captcha_provider())
            ancestors = getattr(response, "frame_ancestors", None)
            if ancestors:
                csp = csp.replace("frame-ancestors 'none'", f"frame-ancestors {ancestors}")
            response["Content-Security-Policy"] = csp
        response.setdefault("Permissions-Policy", "interest-cohort=(), browsing-topics=()")
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if settings.HTTPS:
            response.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response
