namespace Strongroom.Auth.Kubernetes;

/// <summary>auth/kubernetes/config as stored under "config".</summary>
internal sealed class KubernetesConfig
{
    public string KubernetesHost { get; set; } = "";

    public string KubernetesCaCert { get; set; } = "";

    /// <summary>Bearer token for the TokenReview call; never returned on read.</summary>
    public string TokenReviewerJwt { get; set; } = "";

    public List<string> PemKeys { get; set; } = [];

    public string Issuer { get; set; } = "";

    public bool DisableIssValidation { get; set; } = true;

    public bool DisableLocalCaJwt { get; set; }
}
