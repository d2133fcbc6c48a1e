package dev.instagramauth.demo

import android.app.Application
import com.parse.Parse
import dev.instagramauth.InstagramAuth
import dev.instagramauth.InstagramAuthConfig
import dev.instagramauth.parse.ParseInstagramUtils

class DemoApplication : Application() {
    override fun onCreate() {
        super.onCreate()
        Parse.initialize(
            Parse.Configuration.Builder(this)
                .applicationId(DemoConfig.parseAppId)
                .clientKey(DemoConfig.parseClientKey)
                .server(DemoConfig.parseServerUrl)
                .build(),
        )
        val config = InstagramAuthConfig(
            clientId = DemoConfig.instagramAppId,
            redirectUri = DemoConfig.redirectUri,
            baseUrl = DemoConfig.instagramBaseUrl,
        )
        ParseInstagramUtils.initialize(this, InstagramAuth(config))
    }
}
