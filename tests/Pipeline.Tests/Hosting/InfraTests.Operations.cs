namespace Pipeline.Tests.Hosting;

/// <summary>What an operator needs of the deployment: reports that can be recovered, and logs in one workspace.</summary>
public sealed partial class InfraTests
{
    [Fact]
    public void Overwritten_or_deleted_reports_can_be_recovered_and_old_versions_expire()
    {
        var blob = Single(infra.Main, "Microsoft.Storage/storageAccounts/blobServices")["properties"]!;
        Assert.True((bool)blob["isVersioningEnabled"]!);
        Assert.True((bool)blob["deleteRetentionPolicy"]!["enabled"]!);
        Assert.True((bool)blob["containerDeleteRetentionPolicy"]!["enabled"]!);
        Assert.True((bool)blob["changeFeed"]!["enabled"]!);
        Assert.True((bool)blob["restorePolicy"]!["enabled"]!);
        Assert.Equal("[sub(parameters('softDeleteRetentionDays'), 1)]", (string?)blob["restorePolicy"]!["days"]); // restore reaches less far than undelete
        Assert.Equal(14, (int)infra.Main["parameters"]!["softDeleteRetentionDays"]!["defaultValue"]!);

        var rule = Assert.Single(Single(infra.Main, "Microsoft.Storage/storageAccounts/managementPolicies")["properties"]!["policy"]!["rules"]!.AsArray())!;
        Assert.Equal("[parameters('versionRetentionDays')]", (string?)rule["definition"]!["actions"]!["version"]!["delete"]!["daysAfterCreationGreaterThan"]);
    }

    [Fact]
    public void Storage_the_app_events_and_service_bus_send_their_logs_to_the_log_analytics_workspace()
    {
        var settings = Resources(infra.Main, "Microsoft.Insights/diagnosticSettings").ToList();
        Assert.Equal(7, settings.Count); // storage account, blob, queue, table; function app; Event Grid system topic; Service Bus
        Assert.All(settings, s => Assert.Equal("[parameters('logAnalyticsWorkspaceId')]", (string?)s["properties"]!["workspaceId"]));
        Assert.Equal(6, settings.Count(s => s["properties"]!["logs"]?.AsArray().Any(l => (string?)l!["categoryGroup"] == "allLogs") == true));

        foreach (var module in new[] { "storage", "api", "storageEvents", "serviceBus" })
        {
            var value = (string)Module(module)["properties"]!["parameters"]!["logAnalyticsWorkspaceId"]!["value"]!;
            Assert.Contains("'Microsoft.Resources/deployments', 'monitoring')", value, StringComparison.Ordinal);
            Assert.EndsWith(".outputs.logAnalyticsId.value]", value, StringComparison.Ordinal);
        }
    }
}
