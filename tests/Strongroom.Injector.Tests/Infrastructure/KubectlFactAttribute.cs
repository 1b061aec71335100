namespace Strongroom.Injector.Tests.Infrastructure;

/// <summary>A fact that is skipped, saying why, when <c>kubectl</c> is not on the PATH.</summary>
public sealed class KubectlFactAttribute : FactAttribute
{
    public KubectlFactAttribute()
    {
        if (Kubectl.Path is null)
        {
            Skip = "kubectl is not installed (not found on PATH): the deploy/kubernetes dry-run check needs it";
        }
    }
}
