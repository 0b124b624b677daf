namespace Pylontech.Can.Mqtt.Tests;

internal static class Eventually
{
    /// <summary>Polls until the condition holds; fails with the description after the timeout.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, string description, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting for: {description}");
            }

            await Task.Delay(20);
        }
    }

    public static Task HoldsAsync(Func<bool> condition, string description, TimeSpan? timeout = null) =>
        HoldsAsync(() => Task.FromResult(condition()), description, timeout);
}
