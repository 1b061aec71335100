namespace Strongroom.Injector;

/// <summary>The outcome of reading a pod's annotations.</summary>
internal enum AnnotationDecisionKind
{
    /// <summary>No <c>agent-inject</c> annotation, or it is false: admit unchanged.</summary>
    NotRequested,

    /// <summary><c>agent-inject-status: injected</c>: admit unchanged.</summary>
    AlreadyInjected,

    /// <summary>Inject according to <see cref="AnnotationDecision.Spec"/>.</summary>
    Inject,

    /// <summary>The annotations cannot be honoured; <see cref="AnnotationDecision.Problems"/> says why.</summary>
    Malformed,
}

/// <summary>The outcome of reading a pod's annotations, as a value.</summary>
internal sealed record AnnotationDecision(AnnotationDecisionKind Kind, AgentSpec? Spec, IReadOnlyList<string> Problems)
{
    public static AnnotationDecision NotRequested { get; } = new(AnnotationDecisionKind.NotRequested, null, []);

    public static AnnotationDecision AlreadyInjected { get; } = new(AnnotationDecisionKind.AlreadyInjected, null, []);

    public static AnnotationDecision Inject(AgentSpec spec) => new(AnnotationDecisionKind.Inject, spec, []);

    public static AnnotationDecision Malformed(IReadOnlyList<string> problems) => new(AnnotationDecisionKind.Malformed, null, problems);
}
