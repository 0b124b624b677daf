using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Pylontech.Can.Mqtt;

/// <summary>Turns <see cref="BridgeOptions"/> into MQTTnet client options: endpoint, credentials, TLS, last will.</summary>
internal static class MqttConnection
{
    public static MqttClientOptions Build(BridgeOptions options, string clientId, string? willTopic)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(options.Host, options.EffectivePort)
            .WithClientId(clientId)
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithCleanSession(true)
            .WithKeepAlivePeriod(options.KeepAlive)
            .WithTimeout(TimeSpan.FromSeconds(10));

        if (options.Username is not null)
        {
            builder.WithCredentials(options.Username, options.Password);
        }

        if (willTopic is not null)
        {
            builder.WithWillTopic(willTopic)
                .WithWillPayload(PylontechMqttBridge.Offline)
                .WithWillRetain(true)
                .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        }

        if (options.UseTls)
        {
            builder.WithTlsOptions(tls => ConfigureTls(tls, options));
        }

        return builder.Build();
    }

    private static void ConfigureTls(MqttClientTlsOptionsBuilder tls, BridgeOptions options)
    {
        tls.UseTls(true).WithTargetHost(options.Host);
        if (options.CaFile is not null)
        {
            var authorities = new X509Certificate2Collection();
            authorities.ImportFromPemFile(options.CaFile);
            tls.WithCertificateValidationHandler(args => IsTrusted(args.Certificate, args.SslPolicyErrors, authorities));
        }

        if (options.ClientCertificateFile is not null)
        {
            var certificate = X509Certificate2.CreateFromPemFile(options.ClientCertificateFile, options.ClientKeyFile);
            tls.WithClientCertificates([certificate]);
        }
    }

    /// <summary>Validates the broker's certificate against a private certificate authority, still requiring the host name to match.</summary>
    internal static bool IsTrusted(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection authorities)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return certificate is X509Certificate2 certificate2
            ? chain.Build(certificate2)
            : chain.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }
}
