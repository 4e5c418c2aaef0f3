using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Pipeline.Api;

namespace Pipeline.Tests.Hosting;

/// <summary>Who may read reports under the Functions host (CONTRACT §8).</summary>
public sealed class ReportAccessTests
{
    private static string Principal(params string[] roles) => Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
    {
        auth_typ = "aad",
        name_typ = "name",
        role_typ = "roles",
        claims = roles.Select(r => new { typ = "roles", val = r }).Append(new { typ = "name", val = "王芳" }),
    })));

    private static int? Status(string? authEnabled, string? principal, string? role = null)
    {
        var settings = new Dictionary<string, string?> { ["WEBSITE_AUTH_ENABLED"] = authEnabled, ["Auth:ReportReaderRole"] = role };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var request = new DefaultHttpContext().Request;
        if (principal is not null)
        {
            request.Headers["X-MS-CLIENT-PRINCIPAL"] = principal;
        }

        return ReportAccess.Check(request, configuration)?.StatusCode;
    }

    [Fact]
    public void Without_app_service_authentication_the_header_is_not_trusted() =>
        Assert.Equal(401, Status(null, Principal("Reports.Read")));

    [Fact]
    public void A_caller_who_is_not_signed_in_is_401() => Assert.Equal(401, Status("True", null));

    [Fact]
    public void A_signed_in_caller_without_the_role_is_403() => Assert.Equal(403, Status("True", Principal("Other.Role")));

    [Fact]
    public void A_signed_in_caller_with_the_role_may_read() => Assert.Null(Status("True", Principal("Reports.Read")));

    [Fact]
    public void The_role_is_configurable() => Assert.Null(Status("True", Principal("Managers"), role: "Managers"));

    [Fact]
    public void An_unreadable_header_carries_no_roles() => Assert.Empty(ReportAccess.Roles("not base64 at all!"));
}
