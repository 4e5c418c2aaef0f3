using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Configuration;

namespace Pipeline.Api;

/// <summary>
/// Who may read reports under the Functions host (CONTRACT §8): the routes are anonymous at the host, and the app
/// requires a caller signed in through App Service Authentication whose <c>X-MS-CLIENT-PRINCIPAL</c> carries the app
/// role <c>Auth:ReportReaderRole</c> (default <c>Reports.Read</c>). The header is trusted only when
/// <c>WEBSITE_AUTH_ENABLED</c> is <c>True</c> (the platform then strips any header a client sends).
/// </summary>
public static class ReportAccess
{
    /// <summary>Null when the caller may read reports; otherwise the 401/403 problem to answer.</summary>
    public static ProblemHttpResult? Check(HttpRequest request, IConfiguration configuration)
    {
        if (!string.Equals(configuration["WEBSITE_AUTH_ENABLED"], "True", StringComparison.OrdinalIgnoreCase))
        {
            return Problems.Of(StatusCodes.Status401Unauthorized,
                "Reports require App Service Authentication (WEBSITE_AUTH_ENABLED=True) and a signed-in caller.");
        }

        var header = request.Headers["X-MS-CLIENT-PRINCIPAL"].ToString();
        if (string.IsNullOrEmpty(header))
        {
            return Problems.Of(StatusCodes.Status401Unauthorized, "Sign in to read reports.");
        }

        var role = configuration["Auth:ReportReaderRole"] ?? "Reports.Read";
        return Roles(header).Contains(role, StringComparer.Ordinal)
            ? null
            : Problems.Of(StatusCodes.Status403Forbidden, $"Reading reports needs the app role '{role}'.");
    }

    /// <summary>The roles in an <c>X-MS-CLIENT-PRINCIPAL</c> header (base64 JSON); empty when it cannot be read.</summary>
    public static IReadOnlyList<string> Roles(string header)
    {
        try
        {
            using var document = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(header)));
            var root = document.RootElement;
            var roleType = root.TryGetProperty("role_typ", out var typ) && typ.ValueKind == JsonValueKind.String ? typ.GetString() : null;
            var roles = new List<string>();
            if (root.TryGetProperty("claims", out var claims) && claims.ValueKind == JsonValueKind.Array)
            {
                foreach (var claim in claims.EnumerateArray())
                {
                    var type = claim.TryGetProperty("typ", out var t) ? t.GetString() : null;
                    if ((type == roleType || type is "roles" or "http://schemas.microsoft.com/ws/2008/06/identity/claims/role") &&
                        claim.TryGetProperty("val", out var value) && value.GetString() is { } role)
                    {
                        roles.Add(role);
                    }
                }
            }

            return roles;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException)
        {
            return [];
        }
    }
}
