using Strongroom.Agent.Config;

namespace Strongroom.Agent.Tests.Config;

public sealed class AgentConfigLoaderTests
{
    private const string Full = """
        pid_file = "/tmp/agent.pid"
        exit_after_auth = false
        vault {
          address = "https://vault.example:8200"
          ca_cert = "/etc/ca.pem"
          tls_skip_verify = false
          retry { num_retries = 5 }
        }
        auto_auth {
          method "kubernetes" {
            mount_path = "auth/k8s"
            config = {
              role = "web"
            }
          }
          sink "file" {
            wrap_ttl = "5m"
            config = { path = "/home/agent/token", mode = 0640 }
          }
        }
        template {
          source = "app.tpl"
          destination = "/vault/secrets/app"
          perms = "0600"
          command = ["/bin/kill", "-HUP", "1"]
          error_on_missing_key = true
          left_delimiter = "[["
          right_delimiter = "]]"
        }
        template {
          contents = "x"
          destination = "/vault/secrets/x"
          command = "echo rendered"
        }
        template_config {
          static_secret_render_interval = "10m"
          exit_on_retry_failure = true
        }
        exec {
          command = ["/app/run", "--serve"]
          restart_on_secret_changes = "never"
          restart_stop_signal = "SIGINT"
        }
        env_template "API_KEY" { contents = "k" }
        api_proxy { use_auto_auth_token = "force" }
        listener "tcp" {
          address = "127.0.0.1:8100"
          tls_disable = true
        }
        """;

    private static AgentConfig Load(params string[] texts) =>
        AgentConfigLoader.Load(texts.Select((t, i) => ($"/etc/agent/{i}.hcl", t)).ToList());

    [Fact]
    public void Load_VaultAgentShape_ReadsEverySetting()
    {
        var config = Load(Full);
        Assert.Equal("https://vault.example:8200", config.Vault.Address);
        Assert.Equal("/etc/ca.pem", config.Vault.CaCert);
        Assert.Equal(5, config.Vault.NumRetries);
        Assert.Equal("kubernetes", config.AutoAuth!.MethodType);
        Assert.Equal("auth/k8s", config.AutoAuth.MountPath);
        Assert.Equal("web", config.AutoAuth.MethodConfig["role"]);
        var sink = Assert.Single(config.AutoAuth.Sinks);
        Assert.Equal(TimeSpan.FromMinutes(5), sink.WrapTtl);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, sink.Mode);
        Assert.Equal(2, config.Templates.Count);
        var t = config.Templates[0];
        Assert.Equal("/etc/agent/app.tpl", t.Source);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, t.Perms);
        Assert.Equal(["/bin/kill", "-HUP", "1"], t.Command);
        Assert.False(t.CommandIsShell);
        Assert.True(t.ErrorOnMissingKey);
        Assert.Equal(("[[", "]]"), (t.LeftDelimiter, t.RightDelimiter));
        Assert.True(config.Templates[1].CommandIsShell);
        Assert.Equal(UnixFileMode.UserRead, config.Templates[1].Perms);
        Assert.Equal(TimeSpan.FromMinutes(10), config.TemplateConfig.StaticSecretRenderInterval);
        Assert.True(config.TemplateConfig.ExitOnRetryFailure);
        Assert.Equal(["/app/run", "--serve"], config.Exec!.Command);
        Assert.Equal(("never", "SIGINT"), (config.Exec.RestartOnSecretChanges, config.Exec.RestartStopSignal));
        Assert.Equal("API_KEY", Assert.Single(config.EnvTemplates).Name);
        Assert.True(config.ApiProxy!.Force);
        Assert.Equal("127.0.0.1:8100", Assert.Single(config.Listeners).Address);
        Assert.Equal("/tmp/agent.pid", config.PidFile);
    }

    [Fact]
    public void Load_Defaults_FollowTheDocs()
    {
        var config = Load("auto_auth {\n method \"approle\" {\n config = { role_id_file_path = \"r\" }\n }\n}\ntemplate {\n contents = \"x\"\n destination = \"d\"\n}\n");
        Assert.Equal("auth/approle", config.AutoAuth!.MountPath);
        Assert.Equal(12, config.Vault.NumRetries);
        Assert.Equal(TimeSpan.FromMinutes(5), config.TemplateConfig.StaticSecretRenderInterval);
        Assert.False(config.TemplateConfig.ExitOnRetryFailure);
        Assert.Equal(UnixFileMode.UserRead, config.Templates[0].Perms);
    }

    [Fact]
    public void Load_SeveralFiles_MergeBlocksAndOverrideSettings()
    {
        var config = Load(
            "vault {\n address = \"http://a:8200\"\n}\nauto_auth {\n method \"token_file\" {\n config = { token_file_path = \"t\" }\n }\n}\ntemplate {\n contents = \"1\"\n destination = \"one\"\n}\n",
            "vault {\n address = \"http://b:8200\"\n}\ntemplate {\n contents = \"2\"\n destination = \"two\"\n}\n");
        Assert.Equal("http://b:8200", config.Vault.Address);
        Assert.Equal(["one", "two"], config.Templates.Select(t => t.Destination));
        Assert.Equal("token_file", config.AutoAuth!.MethodType);
    }

    [Theory]
    [InlineData("nope {\n}\n", "unknown block \"nope\"")]
    [InlineData("foo = 1\n", "unknown setting \"foo\"")]
    [InlineData("vault {\n address = \n}\n", "/etc/agent/0.hcl:2:")]
    [InlineData("auto_auth {\n method \"ldap\" {\n }\n}\n", "unsupported auto_auth method \"ldap\"")]
    [InlineData("auto_auth {\n}\n", "exactly one method")]
    [InlineData("auto_auth {\n method \"approle\" {\n }\n sink \"file\" {\n config = { path = \"p\", mode = \"rwx\" }\n }\n}\n", "not an octal file mode")]
    [InlineData("auto_auth {\n method \"approle\" {\n }\n sink \"file\" {\n }\n}\n", "sink needs config")]
    [InlineData("auto_auth {\n method \"approle\" {\n }\n}\ntemplate {\n destination = \"d\"\n}\n", "exactly one of source or contents")]
    [InlineData("auto_auth {\n method \"approle\" {\n }\n}\ntemplate {\n contents = \"x\"\n}\n", "needs a destination")]
    [InlineData("template {\n contents = \"x\"\n destination = \"d\"\n}\n", "need an auto_auth block")]
    [InlineData("auto_auth {\n method \"approle\" {\n }\n}\nexec {\n command = [\"x\"]\n restart_stop_signal = \"SIGFOO\"\n}\n", "unknown restart_stop_signal")]
    [InlineData("auto_auth {\n method \"approle\" {\n }\n}\nenv_template \"A\" {\n contents = \"x\"\n}\n", "env_template needs an exec block")]
    [InlineData("api_proxy {\n use_auto_auth_token = true\n}\n", "api_proxy needs a listener")]
    [InlineData("listener \"tcp\" {\n address = \"127.0.0.1:1\"\n}\n", "tls_disable = true or tls_cert_file")]
    [InlineData("template_config {\n static_secret_render_interval = \"soon\"\n}\n", "is not a duration")]
    [InlineData("vault {\n tls_skip_verify = \"maybe\"\n}\n", "expected a bool")]
    public void Load_BadConfig_SaysWhatAndWhere(string text, string expected)
    {
        var error = Assert.Throws<AgentConfigException>(() => Load(text));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
