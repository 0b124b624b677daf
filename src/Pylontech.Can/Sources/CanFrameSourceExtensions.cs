using System.Buffers;
using System.Runtime.CompilerServices;
using Pylontech.Can.Frames;

namespace Pylontech.Can.Sources;

/// <summary>Conveniences over <see cref="ICanFrameSource"/>.</summary>
public static class CanFrameSourceExtensions
{
    /// <summary>The default number of frames read per batch by <see cref="ReadAllAsync"/>.</summary>
    public const int DefaultBatchSize = 1024;

    /// <summary>Enumerates every frame of the source until its end or until cancelled.</summary>
    /// <param name="source">The source; it is not disposed.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <returns>The frames, in order.</returns>
    /// <remarks>Frames are read in batches of <see cref="DefaultBatchSize"/> into a pooled buffer; for the very highest rates call <see cref="ICanFrameSource.ReadAsync"/> directly.</remarks>
    public static async IAsyncEnumerable<CanFrame> ReadAllAsync(this ICanFrameSource source, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var buffer = ArrayPool<CanFrame>.Shared.Rent(DefaultBatchSize);
        try
        {
            while (true)
            {
                var count = await source.ReadAsync(buffer.AsMemory(0, DefaultBatchSize), cancellationToken).ConfigureAwait(false);
                if (count == 0)
                {
                    yield break;
                }

                for (var i = 0; i < count; i++)
                {
                    yield return buffer[i];
                }
            }
        }
        finally
        {
            ArrayPool<CanFrame>.Shared.Return(buffer, clearArray: true);
        }
    }
}
